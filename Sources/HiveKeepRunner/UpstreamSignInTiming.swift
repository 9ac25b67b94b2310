import Foundation
import HiveKeepCore

/// When an upstream OAuth session refreshes and how it backs off, from the runner's environment so tests can make
/// them short: `HIVEKEEP_OAUTH_REFRESH_MARGIN_MS` (refresh this long before expiry, at most a fifth of the time left;
/// default 60 s), `HIVEKEEP_OAUTH_RETRY_INITIAL_MS` and `HIVEKEEP_OAUTH_RETRY_MAX_MS` (backoff of retried refreshes
/// and sign-ins; default 1 s doubling to 60 s).
struct UpstreamSignInTiming: Sendable {
    var refreshMargin: Duration = .seconds(60)
    var initialRetry: Duration = .seconds(1)
    var maximumRetry: Duration = .seconds(60)

    init() {}

    init(environment: EnvironmentValues) {
        func milliseconds(_ name: String) -> Duration? {
            guard let text = environment[name], let value = Int(text), value > 0 else { return nil }
            return .milliseconds(value)
        }
        refreshMargin = milliseconds("HIVEKEEP_OAUTH_REFRESH_MARGIN_MS") ?? refreshMargin
        initialRetry = milliseconds("HIVEKEEP_OAUTH_RETRY_INITIAL_MS") ?? initialRetry
        maximumRetry = max(initialRetry, milliseconds("HIVEKEEP_OAUTH_RETRY_MAX_MS") ?? maximumRetry)
    }

    /// How long to wait before refreshing a token that expires at `expiresAt`; nil when its expiry is unknown.
    func refreshDelay(expiresAt: Date?, now: Date) -> Duration? {
        guard let expiresAt else { return nil }
        let remaining = expiresAt.timeIntervalSince(now)
        guard remaining > 0 else { return .zero }
        let margin = min(
            Double(refreshMargin.components.seconds) + Double(refreshMargin.components.attoseconds) / 1e18,
            remaining / 5)
        return .milliseconds(Int64((remaining - margin) * 1000))
    }

    /// The wait before retry `attempt` (0-based): doubling from the initial delay up to the maximum.
    func retryDelay(attempt: Int) -> Duration {
        var delay = initialRetry
        for _ in 0..<min(attempt, 16) where delay < maximumRetry { delay *= 2 }
        return min(delay, maximumRetry)
    }
}
