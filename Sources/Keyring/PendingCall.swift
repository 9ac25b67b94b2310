import Synchronization

/// The outcome of one blocking call, delivered to its awaiting caller exactly once.
///
/// Three parties race to finish a call: the worker thread with its result, the deadline timer with
/// ``KeyringError/timeout`` and task cancellation. The first one wins; later results are dropped (and with them any
/// secret they hold, which frees and zeroes it). The continuation is resumed outside the lock, at most once.
final class PendingCall<Value: Sendable>: Sendable {
    private enum State {
        /// Neither a continuation nor a result yet.
        case waiting
        /// The caller is suspended on this continuation.
        case suspended(CheckedContinuation<Value, any Error>)
        /// Finished before the caller suspended (cancelled early); handed over by ``install(_:)``.
        case finishedEarly(Result<Value, any Error>)
        /// The caller has been resumed.
        case resumed
    }

    private let state = Mutex<State>(.waiting)

    /// Registers the caller's continuation, resuming it at once if the call already finished.
    func install(_ continuation: CheckedContinuation<Value, any Error>) {
        let early: Result<Value, any Error>? = state.withLock { state in
            switch state {
            case .waiting:
                state = .suspended(continuation)
                return nil
            case .finishedEarly(let result):
                state = .resumed
                return result
            case .suspended, .resumed:
                // install is called once per call, before anything else can resume the caller.
                preconditionFailure("PendingCall.install called twice")
            }
        }
        if let early {
            continuation.resume(with: early)
        }
    }

    /// Delivers a result if the call has not finished yet; returns whether this result won.
    @discardableResult
    func finish(_ result: Result<Value, any Error>) -> Bool {
        let outcome: (won: Bool, continuation: CheckedContinuation<Value, any Error>?) = state.withLock { state in
            switch state {
            case .waiting:
                state = .finishedEarly(result)
                return (true, nil)
            case .suspended(let continuation):
                state = .resumed
                return (true, continuation)
            case .finishedEarly, .resumed:
                return (false, nil)
            }
        }
        outcome.continuation?.resume(with: result)
        return outcome.won
    }
}
