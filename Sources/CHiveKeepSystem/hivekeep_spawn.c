#define _GNU_SOURCE
#include "hivekeep_system.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <unistd.h>

// posix_spawn with what Swift cannot import: POSIX_SPAWN_SETSID and the _np file actions are GNU extensions.
static int configure_attributes(posix_spawnattr_t *attributes, const struct hivekeep_spawn_request *request) {
    sigset_t empty;
    sigset_t all;
    sigemptyset(&empty);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    int result = posix_spawnattr_setsigmask(attributes, &empty);
    if (result != 0) return result;
    // Ignored signals (SIGPIPE in a NIO process) would otherwise stay ignored across exec.
    result = posix_spawnattr_setsigdefault(attributes, &all);
    if (result != 0) return result;
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (request->new_session) {
        flags |= POSIX_SPAWN_SETSID;
    } else if (request->new_process_group) {
        result = posix_spawnattr_setpgroup(attributes, 0);
        if (result != 0) return result;
        flags |= POSIX_SPAWN_SETPGROUP;
    }
    return posix_spawnattr_setflags(attributes, flags);
}

static int highest_target(const struct hivekeep_spawn_request *request) {
    int highest = 2;
    for (int i = 0; i < request->count; i++) {
        if (request->targets[i] > highest) highest = request->targets[i];
    }
    return highest;
}

static void close_all(int *descriptors, int count) {
    for (int i = 0; i < count; i++) {
        if (descriptors[i] >= 0) close(descriptors[i]);
    }
}

int hivekeep_spawn(const struct hivekeep_spawn_request *request, pid_t *pid) {
    if (request->count < 0 || request->count > 1024) return EINVAL;
    int highest = highest_target(request);
    int copies[1024];
    for (int i = 0; i < request->count; i++) copies[i] = -1;
    // Copies above every target, close-on-exec, so that dup2 in any order never overwrites a source.
    for (int i = 0; i < request->count; i++) {
        copies[i] = fcntl(request->sources[i], F_DUPFD_CLOEXEC, highest + 1);
        if (copies[i] < 0) {
            int saved = errno;
            close_all(copies, request->count);
            return saved;
        }
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int result = posix_spawn_file_actions_init(&actions);
    if (result != 0) {
        close_all(copies, request->count);
        return result;
    }
    result = posix_spawnattr_init(&attributes);
    if (result != 0) {
        posix_spawn_file_actions_destroy(&actions);
        close_all(copies, request->count);
        return result;
    }
    result = configure_attributes(&attributes, request);
    for (int i = 0; result == 0 && i < request->count; i++) {
        result = posix_spawn_file_actions_adddup2(&actions, copies[i], request->targets[i]);
    }
    // Descriptors up to the highest target that are not mapped are closed too (closefrom does the rest): the
    // child gets exactly what was asked for. Closing one that is not open is not an error for posix_spawn.
    for (int fd = 0; result == 0 && fd <= highest; fd++) {
        int mapped = 0;
        for (int i = 0; i < request->count; i++) mapped |= request->targets[i] == fd;
        if (!mapped) result = posix_spawn_file_actions_addclose(&actions, fd);
    }
    if (result == 0) result = posix_spawn_file_actions_addclosefrom_np(&actions, highest + 1);
    if (result == 0 && request->directory != NULL) {
        result = posix_spawn_file_actions_addchdir_np(&actions, request->directory);
    }
    if (result == 0) {
        result = posix_spawn(pid, request->path, &actions, &attributes, request->argv, request->envp);
    }
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    close_all(copies, request->count);
    return result;
}

int hivekeep_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
