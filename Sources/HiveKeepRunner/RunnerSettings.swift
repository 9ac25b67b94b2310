import HiveKeepCore
import HiveKeepRuntime
import HiveKeepWorkloads

/// The runner's tunables, from its environment so that tests can make restarts fast:
/// `HIVEKEEP_RESTART_INITIAL_DELAY_MS`, `HIVEKEEP_RESTART_MAX_DELAY_MS`, `HIVEKEEP_RESTART_MAX_ATTEMPTS`,
/// `HIVEKEEP_RESTART_STABLE_AFTER_MS` and `HIVEKEEP_START_TIMEOUT_MS` (how long a server may take to answer its
/// first request).
struct RunnerSettings {
    var restart: RestartPolicy
    var startTimeout: Duration

    init(environment: EnvironmentValues) {
        func milliseconds(_ name: String, _ fallback: Duration) -> Duration {
            guard let text = environment[name], let value = Int(text), value >= 0 else { return fallback }
            return .milliseconds(value)
        }
        let standard = RestartPolicy.standard
        var attempts = standard.maxAttempts
        if let text = environment["HIVEKEEP_RESTART_MAX_ATTEMPTS"], let value = Int(text), value >= 0 {
            attempts = value
        }
        restart = RestartPolicy(
            initialDelay: milliseconds("HIVEKEEP_RESTART_INITIAL_DELAY_MS", standard.initialDelay),
            maxDelay: milliseconds("HIVEKEEP_RESTART_MAX_DELAY_MS", standard.maxDelay),
            maxAttempts: attempts,
            stableAfter: milliseconds("HIVEKEEP_RESTART_STABLE_AFTER_MS", standard.stableAfter))
        startTimeout = milliseconds("HIVEKEEP_START_TIMEOUT_MS", .seconds(120))
    }
}
