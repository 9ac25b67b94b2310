import HiveKeepCore
import Sodium

/// Read-only secrets from environment variables: `TOOLHIVE_SECRET_<name>`, then `HIVEKEEP_SECRET_<name>`.
///
/// Reads a snapshot taken when the provider is made (only the variables with one of the two prefixes are kept), so
/// later changes to the process environment are not seen. An empty variable counts as unset. It cannot write,
/// delete, list or clean up: those throw `.unsupportedOperation` without an audit record, since nothing was read or
/// changed; every get writes one record. Never falls back to another provider.
public struct EnvironmentProvider: SecretsProvider, CustomStringConvertible, CustomReflectable {
    /// The variable prefixes, in the order they are tried.
    public static let prefixes = ["TOOLHIVE_SECRET_", "HIVEKEEP_SECRET_"]

    private let variables: [String: String]

    /// A provider reading the secret variables of `environment`.
    public init(environment: EnvironmentValues) {
        variables = environment.values.filter { name, value in
            !value.isEmpty && Self.prefixes.contains { name.hasPrefix($0) }
        }
    }

    public var type: SecretsProviderType { .environment }
    public var capabilities: SecretsCapabilities { .readOnlyUnlisted }
    /// Names the provider only: never a variable or a value.
    public var description: String { "environment provider" }
    /// No children, so `dump` shows no value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    public func get(_ key: String, context: SecretsCallContext) async throws -> SecureBytes? {
        guard !key.isEmpty else {
            throw HiveKeepError.invalid("a secret key must not be empty")
        }
        let value = try Self.prefixes.lazy.compactMap { variables[$0 + key] }.first.map {
            try SecureBytes(copying: $0.utf8)
        }
        try await Blocking.run {
            try context.record(.get, key: key, provider: .environment, outcome: value == nil ? .notFound : .ok)
        }
        return value
    }

    public func create(_ key: String, value: SecureBytes, context: SecretsCallContext) async throws {
        throw Self.unsupported("create secrets")
    }

    public func update(_ key: String, value: SecureBytes, context: SecretsCallContext) async throws {
        throw Self.unsupported("update secrets")
    }

    public func delete(_ key: String, context: SecretsCallContext) async throws {
        throw Self.unsupported("delete secrets")
    }

    public func list(context: SecretsCallContext) async throws -> [String] {
        throw Self.unsupported("list secrets")
    }

    public func cleanup(context: SecretsCallContext) async throws {
        throw Self.unsupported("clean up secrets")
    }

    private static func unsupported(_ what: String) -> HiveKeepError {
        HiveKeepError(
            .unsupportedOperation,
            "the environment provider is read-only and cannot \(what): set TOOLHIVE_SECRET_<name> in the environment"
        )
    }
}
