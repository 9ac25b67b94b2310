import CHiveKeepSystem
import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with `posix_spawn`.
///
/// Not swift-subprocess (STYLE.md's model) and not Foundation.Process: a workload's child needs its `envp` built from
/// guarded memory (secrets never become Swift strings or pass through `setenv`), `setsid`, every other descriptor
/// closed with `closefrom`, and inherited descriptors mapped to chosen numbers, and neither API offers all four.
/// Like Subprocess, the child starts with an empty signal mask and default dispositions.
///
/// The exit is observed by a dedicated thread blocked in `waitid`; the child is reaped under a lock, so
/// ``signal(_:group:)`` never reaches a recycled pid.
public final class SpawnedChild: Sendable {
    /// The child's process id (and its process group id when it leads one).
    public let pid: pid_t
    /// The parent's end of the child's stdin pipe (`.pipe` only). The caller owns it and must close it.
    public let stdinWriter: Int32?
    /// The parent's end of the child's stdout pipe (`.pipe` only). The caller owns it and must close it.
    public let stdoutReader: Int32?
    /// The parent's end of the child's stderr pipe (`.pipe` only). The caller owns it and must close it.
    public let stderrReader: Int32?
    private let monitor: ExitMonitor

    private init(pid: pid_t, ends: [Int32?], leadsGroup: Bool) {
        self.pid = pid
        self.stdinWriter = ends[0]
        self.stdoutReader = ends[1]
        self.stderrReader = ends[2]
        self.monitor = ExitMonitor(pid: pid, leadsGroup: leadsGroup)
        monitor.start()
    }

    /// Starts `command` with exactly `environment`.
    /// - Throws: `HiveKeepError`: `.unavailable` when the program cannot be started (missing, not executable),
    ///   `.internalError` for other system failures.
    public static func spawn(
        _ command: PreparedCommand, environment: ChildEnvironment, options: SpawnOptions = SpawnOptions()
    ) throws -> SpawnedChild {
        var wiring = try DescriptorWiring(options: options)
        defer { wiring.closeChildSide() }
        do {
            let pid = try environment.withEnvironmentBlock { envp in
                try launch(command, envp: envp, wiring: wiring, options: options)
            }
            return SpawnedChild(pid: pid, ends: wiring.parentEnds, leadsGroup: options.leadsGroup)
        } catch {
            wiring.closeParentSide()
            throw error
        }
    }

    /// The exit status once the child has exited, without waiting.
    public var exitStatus: ExitStatus? { monitor.status }

    /// Waits for the child to exit (without polling). Not cancellable: use ``waitForExit(timeout:)`` for a bound.
    public func waitForExit() async -> ExitStatus {
        await monitor.wait(timeout: nil) ?? .exited(255)
    }

    /// Waits at most `timeout`; nil when the child is still running.
    public func waitForExit(timeout: Duration) async -> ExitStatus? {
        await monitor.wait(timeout: timeout)
    }

    /// Sends `signal` to the child, or to its whole process group when `group` (and it leads one). Does nothing once
    /// the child has been reaped.
    public func signal(_ signal: Int32, group: Bool = false) {
        monitor.send(signal, group: group)
    }

    /// From now on, when the child exits, whatever is left of its process group (children that ignored SIGTERM or
    /// outlived it) gets SIGKILL before the child is reaped. Does nothing when the child does not lead a group.
    public func killGroupOnExit() {
        monitor.killGroupWhenDone()
    }

    /// SIGTERM to the process group, up to `grace` to exit, then SIGKILL; whatever is left of the group when the
    /// child exits gets SIGKILL too.
    @discardableResult
    public func terminate(grace: Duration) async -> ExitStatus {
        beginTermination(grace: grace)
        return await waitForExit()
    }

    /// Starts ``terminate(grace:)`` without waiting: SIGTERM to the process group now, SIGKILL to it after `grace`
    /// unless the child has exited by then. Safe from a cancellation handler (synchronous, never blocks); calling it
    /// again sends another SIGTERM and schedules another SIGKILL.
    public func beginTermination(grace: Duration) {
        monitor.killGroupWhenDone()
        signal(SIGTERM, group: true)
        Task { [self] in
            if await waitForExit(timeout: grace) == nil { signal(SIGKILL, group: true) }
        }
    }

    private static func launch(
        _ command: PreparedCommand, envp: UnsafePointer<UnsafeMutablePointer<CChar>?>, wiring: DescriptorWiring,
        options: SpawnOptions
    ) throws -> pid_t {
        let argv: [UnsafeMutablePointer<CChar>?] = ([command.executable] + command.arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let directory = options.workingDirectory.map { strdup($0) } ?? nil
        defer { free(directory) }
        let path = strdup(command.executable)
        defer { free(path) }
        var pid = pid_t()
        let result = argv.withUnsafeBufferPointer { argvBuffer in
            wiring.sources.withUnsafeBufferPointer { sources in
                wiring.targets.withUnsafeBufferPointer { targets in
                    var request = hivekeep_spawn_request(
                        path: path, argv: argvBuffer.baseAddress, envp: envp, sources: sources.baseAddress,
                        targets: targets.baseAddress, count: Int32(sources.count), directory: directory,
                        new_session: options.newSession ? 1 : 0, new_process_group: options.newProcessGroup ? 1 : 0)
                    return hivekeep_spawn(&request, &pid)
                }
            }
        }
        guard result == 0 else {
            let kind: HiveKeepError.Code =
                [ENOENT, EACCES, ENOEXEC, ENOTDIR].contains(result) ? .unavailable : .internalError
            throw SystemCallError.make("cannot start \(command.executable)", code: result, as: kind)
        }
        return pid
    }
}
