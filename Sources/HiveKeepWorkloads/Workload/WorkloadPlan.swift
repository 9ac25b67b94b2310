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

/// A secret value given as a plain environment variable that the registry marks secret or whose name looks like a
/// credential; it is moved to the secrets provider and referenced, so no value lands in a run configuration.
public struct PendingSecret: Sendable, CustomStringConvertible {
    /// Why a variable's value is kept as a secret.
    public enum Reason: Sendable {
        /// The registry entry marks the variable secret.
        case registryMarked
        /// The variable's name looks like a credential (``CredentialVariables``).
        case credentialName
        /// A remote workload's upstream header value (``WorkloadBuilder/moveHeaderValues(in:pending:)``).
        case headerValue
    }

    /// The provider key HiveKeep names it under: `<workload>-<variable in lower case>`.
    public var key: String
    /// The environment variable whose value this is.
    public var variable: String
    public var value: String
    public var reason: Reason = .registryMarked

    public var description: String { "PendingSecret(\(key), <redacted>)" }

    /// The start of a message about this secret: "the registry marks X secret" or "X looks like a credential".
    public var because: String {
        switch reason {
        case .registryMarked: "the registry marks \(variable) secret"
        case .credentialName: "\(variable) looks like a credential"
        case .headerValue: "the value of upstream header \(variable) is kept as a secret"
        }
    }
}
