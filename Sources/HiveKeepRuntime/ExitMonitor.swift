import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Waits for one child on a dedicated thread blocked in `waitid` (no polling), and reaps it under a lock so that a
/// signal is never sent to a pid that was already reaped and could have been reused.
final class ExitMonitor: Sendable {
    private struct State {
        var status: ExitStatus?
        var waiters: [UInt64: CheckedContinuation<ExitStatus?, Never>] = [:]
        var nextID: UInt64 = 0
        var killGroupOnExit = false
    }

    let pid: pid_t
    let leadsGroup: Bool
    private let state = Mutex(State())

    init(pid: pid_t, leadsGroup: Bool) {
        self.pid = pid
        self.leadsGroup = leadsGroup
    }

    /// Starts the waiting thread; it keeps this monitor alive until the child is reaped.
    func start() {
        WaiterThread.detach { [self] in self.waitAndReap() }
    }

    var status: ExitStatus? { state.withLock { $0.status } }

    /// Sends `signal` while the child is not yet reaped; to its group when `group` and it leads one.
    func send(_ signal: Int32, group: Bool) {
        state.withLock { state in
            guard state.status == nil else { return }
            _ = kill(group && leadsGroup ? -pid : pid, signal)
        }
    }

    /// When the child exits, its process group gets SIGKILL before the child is reaped (its leftover descendants).
    func killGroupWhenDone() {
        state.withLock { $0.killGroupOnExit = leadsGroup }
    }

    /// The exit status, or nil after `timeout` (nil: no limit).
    func wait(timeout: Duration?) async -> ExitStatus? {
        await withCheckedContinuation { (continuation: CheckedContinuation<ExitStatus?, Never>) in
            let registered: UInt64? = state.withLock { state in
                guard state.status == nil else { return nil }
                state.nextID += 1
                state.waiters[state.nextID] = continuation
                return state.nextID
            }
            guard let id = registered else {
                continuation.resume(returning: status)
                return
            }
            if let timeout {
                Task { [self] in
                    try? await Task.sleep(for: timeout)
                    state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
                }
            }
        }
    }

    private func waitAndReap() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        let (status, waiters) = state.withLock { state in
            if state.killGroupOnExit { _ = kill(-pid, SIGKILL) }
            var raw: Int32 = 0
            var result = waitpid(pid, &raw, 0)
            while result == -1 && errno == EINTR { result = waitpid(pid, &raw, 0) }
            // -1 (ECHILD): someone else reaped it (SIGCHLD ignored); report an unknown failure.
            let status = result == pid ? ExitStatus(waitStatus: raw) : .exited(255)
            state.status = status
            defer { state.waiters = [:] }
            return (status, Array(state.waiters.values))
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }
}

/// A detached POSIX thread running one closure (no Foundation needed).
enum WaiterThread {
    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    static func detach(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            }, context)
        if result == 0 {
            pthread_detach(thread)
        } else {
            // No new thread (resource exhaustion): borrow one from Dispatch rather than never reaping.
            let body = Unmanaged<Body>.fromOpaque(context).takeRetainedValue()
            DispatchQueue.global().async { body.run() }
        }
    }
}
