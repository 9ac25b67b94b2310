#ifndef HIVEKEEP_SYSTEM_H
#define HIVEKEEP_SYSTEM_H

/// Keeps secrets out of core dumps: RLIMIT_CORE 0 and PR_SET_DUMPABLE 0 (which also stops other processes of the
/// same user from attaching with ptrace or reading /proc/PID/mem). Returns 0, or -1 with errno set.
int hivekeep_disable_core_dumps(void);

#endif
