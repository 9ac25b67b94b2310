import Dispatch

/// Runs blocking work (fsync, flock waits, Argon2id, D-Bus calls) off the Swift concurrency pool.
///
/// The cooperative pool has one thread per core (two here); a blocked thread there stalls every task in the
/// process. Work handed to `Blocking.run` executes on a Dispatch queue and the caller suspends until it ends.
public enum Blocking {
    private static let queue = DispatchQueue(
        label: "dev.hivekeep.blocking",
        qos: .userInitiated,
        attributes: .concurrent
    )

    /// Runs `work` on a thread outside the cooperative pool and returns its result.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
