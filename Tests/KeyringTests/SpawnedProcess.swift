import Foundation

/// A child started with `posix_spawn`, with clean signal state, in a process group of its own.
///
/// Not `Foundation.Process`: on Linux it spawns from the calling thread, so children of a test (which runs on a
/// dispatch worker with signals blocked) inherit a mask that blocks SIGTERM, and `dbus-run-session` can then never
/// stop its `dbus-daemon`; it also notices an exit only when every descendant has closed an inherited socket, so a
/// daemon left running makes `waitUntilExit` hang. Here the mask is emptied, the common signals are reset to their
/// default action, and every descriptor but stdin/stdout/stderr is closed in the child.
struct SpawnedProcess {
    let pid: pid_t

    /// Starts `executable` with exactly `environment`, reading stdin from and writing stdout/stderr to files.
    init(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdin: String, stdout: String, stderr: String
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        Self.closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp {
                free(pointer)
            }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(description: "posix_spawn \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    /// Waits for the exit status, at most `limit`; nil when the child was still running (it is then killed).
    func wait(limit: Duration) async throws -> Int32? {
        let end = ContinuousClock.now + limit
        var status: Int32 = 0
        while ContinuousClock.now < end {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid {
                return Self.exitCode(status)
            }
            guard waited == 0 || errno == EINTR else {
                throw SpawnError(description: "waitpid \(pid): \(String(cString: strerror(errno)))")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        killGroup()
        return nil
    }

    /// Kills the child's whole process group and reaps the child.
    func killGroup() {
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    }

    /// Closes every descriptor above stderr in the child: glibc's `posix_spawn_file_actions_addclosefrom_np` (not
    /// imported into Swift, so found with dlsym), else each descriptor listed in /proc/self/fd.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, 3) == 0 {
                return
            }
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    /// The exit code, or 128 + the signal number for a child killed by a signal (WIFEXITED etc. are macros).
    private static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}

/// A child could not be started or waited for.
struct SpawnError: Error, CustomStringConvertible {
    let description: String
}
