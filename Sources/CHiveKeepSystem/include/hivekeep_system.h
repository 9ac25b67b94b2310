#ifndef HIVEKEEP_SYSTEM_H
#define HIVEKEEP_SYSTEM_H

#include <sys/types.h>

/// Keeps secrets out of core dumps: RLIMIT_CORE 0 and PR_SET_DUMPABLE 0 (which also stops other processes of the
/// same user from attaching with ptrace or reading /proc/PID/mem). Returns 0, or -1 with errno set.
int hivekeep_disable_core_dumps(void);

/// How `hivekeep_spawn` starts a child.
struct hivekeep_spawn_request {
    /// Absolute path of the program; argv and envp are NULL-terminated arrays.
    const char *path;
    char *const *argv;
    char *const *envp;
    /// Descriptors of the parent that the child receives: `sources[i]` becomes `targets[i]` in the child. Any
    /// overlap between sources and targets is allowed (they are first duplicated above every target).
    const int *sources;
    const int *targets;
    int count;
    /// Working directory of the child, or NULL to keep the parent's.
    const char *directory;
    /// Non-zero: the child starts a new session (setsid), so it is also a process group leader.
    int new_session;
    /// Non-zero (and new_session zero): the child starts a new process group.
    int new_process_group;
};

/// Starts a child with posix_spawn: an empty signal mask, every signal at its default action, only the mapped
/// descriptors open (everything above the highest target is closed with closefrom), optionally setsid or setpgid.
/// Returns 0 and sets `*pid`, or an errno value.
int hivekeep_spawn(const struct hivekeep_spawn_request *request, pid_t *pid);

/// pipe2(fds, O_CLOEXEC): both ends close-on-exec from the start (pipe2 is a GNU extension). 0, or -1 with errno.
int hivekeep_pipe_cloexec(int fds[2]);

/// memfd_create(name, MFD_CLOEXEC): an anonymous memory file, close-on-exec (a GNU extension). A descriptor, or -1
/// with errno set.
int hivekeep_memfd_cloexec(const char *name);

#endif
