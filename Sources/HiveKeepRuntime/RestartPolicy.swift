/// When to restart a workload's server after it dies: exponential backoff from `initialDelay` up to `maxDelay`,
/// giving up after `maxAttempts` consecutive failures; a run that lasted `stableAfter` or longer resets the count.
public struct RestartPolicy: Sendable, Hashable {
    /// The delay before the first restart.
    public var initialDelay: Duration
    /// The longest delay between restarts.
    public var maxDelay: Duration
    /// Consecutive failures after which the server is left stopped; nil restarts forever.
    public var maxAttempts: Int?
    /// A run at least this long counts as healthy and resets the failure count.
    public var stableAfter: Duration

    /// Creates a policy.
    public init(initialDelay: Duration, maxDelay: Duration, maxAttempts: Int?, stableAfter: Duration) {
        self.initialDelay = initialDelay
        self.maxDelay = max(maxDelay, initialDelay)
        self.maxAttempts = maxAttempts
        self.stableAfter = stableAfter
    }

    /// 1 s doubling up to 60 s, at most 10 consecutive failures, a 30 s run resets.
    public static let standard = RestartPolicy(
        initialDelay: .seconds(1), maxDelay: .seconds(60), maxAttempts: 10, stableAfter: .seconds(30))

    /// The delay before restarting after the `n`th consecutive failure (1-based), or nil to give up.
    public func delay(afterFailure n: Int) -> Duration? {
        guard n >= 1 else { return .zero }
        if let maxAttempts, n > maxAttempts { return nil }
        var delay = initialDelay
        for _ in 1..<n {
            delay = delay * 2
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }
}

/// Counts consecutive failures for a ``RestartPolicy``: feed it every exit with how long the run lasted.
public struct RestartTracker: Sendable, Hashable {
    /// The policy applied.
    public let policy: RestartPolicy
    /// Consecutive short runs so far.
    public private(set) var consecutiveFailures = 0

    /// Creates a tracker with no failure recorded.
    public init(policy: RestartPolicy) { self.policy = policy }

    /// Records an exit after a run of `runDuration`; returns how long to wait before restarting, or nil to give up.
    public mutating func recordExit(runDuration: Duration) -> Duration? {
        if runDuration >= policy.stableAfter { consecutiveFailures = 0 }
        consecutiveFailures += 1
        return policy.delay(afterFailure: consecutiveFailures)
    }
}
