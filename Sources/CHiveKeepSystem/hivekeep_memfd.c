#define _GNU_SOURCE
#include "hivekeep_system.h"

#include <sys/mman.h>

int hivekeep_memfd_cloexec(const char *name) { return memfd_create(name, MFD_CLOEXEC); }
