#include "hivekeep_system.h"

#include <sys/prctl.h>
#include <sys/resource.h>

int hivekeep_disable_core_dumps(void) {
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0) {
        return -1;
    }
    // prctl is variadic: Swift cannot call it directly.
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        return -1;
    }
    return 0;
}
