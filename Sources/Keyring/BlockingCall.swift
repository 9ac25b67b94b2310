import CLibSecret
import Dispatch
import Foundation
import Logging

/// Runs a blocking libsecret call on a thread of its own, never on the Swift concurrency pool, with a deadline.
///
/// The caller is resumed with ``KeyringError/timeout`` when the deadline passes, even if the D-Bus call is still
/// stuck: the call's `GCancellable` is then cancelled and the thread is abandoned. The work closure owns everything
/// it touches (copies of the attributes and the secret), so an abandoned thread never reaches freed memory, and
/// ``PendingCall`` makes sure the caller is resumed once.
enum BlockingCall {
    /// Runs `work` on a new thread and returns its result, or throws ``KeyringError/timeout`` after `deadline`.
    ///
    /// - Throws: The ``KeyringError`` thrown by `work`, ``KeyringError/timeout``, or `CancellationError` when the
    ///   awaiting task is cancelled.
    static func run<Value: Sendable>(
        operation: String,
        deadline: Duration,
        logger: Logger,
        _ work: @escaping @Sendable (GCancellablePointer) throws(KeyringError) -> Value
    ) async throws -> Value {
        try Task.checkCancellation()
        guard let cancellable = CallCancellable() else {
            throw KeyringError.failed("\(operation): cannot create a GCancellable")
        }
        let pending = PendingCall<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                pending.install(continuation)
                startWorker(operation: operation, cancellable: cancellable, pending: pending, work)
                let nanoseconds = Self.nanoseconds(deadline)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                    guard pending.finish(.failure(KeyringError.timeout)) else {
                        return
                    }
                    cancellable.cancel()
                    logger.warning(
                        "keyring call timed out",
                        metadata: ["keyring.operation": "\(operation)", "keyring.deadline": "\(deadline)"]
                    )
                }
            }
        } onCancel: {
            if pending.finish(.failure(CancellationError())) {
                cancellable.cancel()
            }
        }
    }

    /// Starts the dedicated thread that performs the call and reports to `pending`.
    private static func startWorker<Value: Sendable>(
        operation: String,
        cancellable: CallCancellable,
        pending: PendingCall<Value>,
        _ work: @escaping @Sendable (GCancellablePointer) throws(KeyringError) -> Value
    ) {
        let thread = Thread {
            do throws(KeyringError) {
                let value = try work(cancellable.pointer)
                pending.finish(.success(value))
            } catch {
                pending.finish(.failure(error))
            }
        }
        thread.name = "hivekeep.keyring.\(operation)"
        thread.start()
    }

    /// The deadline in whole nanoseconds, at least one, clamped to what `DispatchTimeInterval` holds.
    static func nanoseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let total = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        return Int(min(max(total, 1), Double(Int32.max) * 1e9))
    }
}
