import HiveKeepCore

/// What building a workload produced: the run configuration to save, and the values of registry-marked secret
/// variables that must go to the secrets provider (under `key`) before the configuration references them.
public struct WorkloadPlan: Sendable {
    public var config: RunConfig
    public var secretsToStore: [PendingSecret]

    public init(config: RunConfig, secretsToStore: [PendingSecret] = []) {
        self.config = config
        self.secretsToStore = secretsToStore
    }
}

/// A secret value given as a plain environment variable that the registry marks secret; it is moved to the secrets
/// provider and referenced, so no value lands in a run configuration.
public struct PendingSecret: Sendable, CustomStringConvertible {
    /// The provider key HiveKeep names it under: `<workload>-<variable in lower case>`.
    public var key: String
    /// The environment variable the registry marks secret.
    public var variable: String
    public var value: String

    public var description: String { "PendingSecret(\(key), <redacted>)" }
}
