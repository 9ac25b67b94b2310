import Foundation
import Synchronization

/// A child process started by a test, with its output captured in files (never pipes a leftover child could hold).
///
/// Started with `posix_spawn`, not `Foundation.Process`: on Linux Process spawns from the calling thread, so a child
/// of a test (which runs on a worker thread with signals blocked) would inherit a mask that blocks SIGTERM. Here the
/// child starts with an empty mask, every signal at its default action, every descriptor but stdin/stdout/stderr
/// closed, and in a process group of its own, so ``kill()`` removes the whole tree it started.
public final class ChildProcess: Sendable {
    /// The child's process id, also its process group id.
    public let pid: pid_t
    /// Where standard output goes.
    public let outputPath: String
    /// Where standard error goes.
    public let errorPath: String
    private let executableName: String
    /// The exit status once the child has been reaped (exit code, or 128 + signal).
    private let status = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` and exactly `environment` (nothing inherited).
    public init(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String],
        logDirectory: String,
        name: String = UUID().uuidString,
        standardInput: String? = nil
    ) throws {
        outputPath = "\(logDirectory)/\(name).out"
        errorPath = "\(logDirectory)/\(name).err"
        executableName = URL(fileURLWithPath: executable).lastPathComponent
        var inputPath = "/dev/null"
        if let standardInput {
            inputPath = "\(logDirectory)/\(name).in"
            try Data(standardInput.utf8).write(to: URL(fileURLWithPath: inputPath))
        }
        var environment = environment
        // The test command marks every process it starts so that it can stop leftovers; pass the mark on.
        if let mark = ProcessInfo.processInfo.environment["HIVEKEEP_TEST_RUN"] {
            environment["HIVEKEEP_TEST_RUN"] = mark
        }
        pid = try PosixSpawn.start(
            executable, arguments, environment: environment, stdin: inputPath, stdout: outputPath, stderr: errorPath)
    }

    /// True until the child has exited (it is reaped on the first call that sees it gone).
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// Waits for the process to exit, at most `timeout`; kills it and throws if it takes longer.
    /// - Returns: the exit code, or 128 + the signal number for a child killed by a signal.
    @discardableResult
    public func wait(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = reap(blocking: false) { return status }
            if ContinuousClock.now > deadline {
                kill()
                throw TestSupportError("process \(executableName) timed out")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends `signal` to the process (not its group) while it has not been reaped.
    public func signal(_ signal: Int32) {
        status.withLock { if $0 == nil { _ = Foundation.kill(pid, signal) } }
    }

    /// Sends `signal` to the process's whole group (the child and every descendant that stayed in it).
    public func signalProcessGroup(_ signal: Int32) {
        status.withLock { if $0 == nil { _ = Foundation.kill(-pid, signal) } }
    }

    /// Kills the process and its whole process group with SIGKILL and reaps it.
    public func kill() {
        signalProcessGroup(SIGKILL)
        _ = reap(blocking: true)
    }

    /// What the process wrote to standard output so far.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    /// What the process wrote to standard error so far.
    public var errorOutput: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// The status if the child has exited, reaping it (under the lock, so no signal reaches a recycled pid).
    private func reap(blocking: Bool) -> Int32? {
        status.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            var result = waitpid(pid, &raw, blocking ? 0 : WNOHANG)
            while result == -1 && errno == EINTR { result = waitpid(pid, &raw, blocking ? 0 : WNOHANG) }
            guard result == pid || result == -1 else { return nil }
            // -1: no such child any more (reaped elsewhere); report an unknown failure.
            let signal = raw & 0x7F
            status = result == -1 ? 255 : (signal == 0 ? (raw >> 8) & 0xFF : 128 + signal)
            return status
        }
    }
}

/// The `posix_spawn` call behind ``ChildProcess``: an empty signal mask, every signal at its default action, only
/// stdin/stdout/stderr open (redirected to the given files), and a process group of the child's own.
public enum PosixSpawn {
    /// Starts `executable` with exactly `environment`; returns its pid (also its process group id).
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String], stdin: String, stdout: String,
        stderr: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
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
            throw TestSupportError("posix_spawn \(executable): \(String(cString: strerror(result)))")
        }
        return pid
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
}
