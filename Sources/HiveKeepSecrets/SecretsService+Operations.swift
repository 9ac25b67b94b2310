import HiveKeepCore
import Sodium

/// Reading and changing secrets through the configured provider, with capability checks first. Every call is
/// reported to the dependencies' observer with its outcome.
extension SecretsService {
    /// The keys, sorted; `.unsupportedOperation` when the provider cannot list.
    public func listKeys(caller: String) async throws -> [String] {
        try await observed(.list, key: nil) { provider in
            guard provider.capabilities.canList else {
                throw HiveKeepError(.unsupportedOperation, "secrets provider does not support listing keys")
            }
            return try await provider.list(context: context(caller))
        }
    }

    /// Creates `key`; `.alreadyExists` when present.
    public func create(key: String, value: SecureBytes, caller: String) async throws {
        try await observed(.create, key: key) { provider in
            guard provider.capabilities.canWrite else {
                throw HiveKeepError(.unsupportedOperation, "secrets provider does not support creating secrets")
            }
            try await provider.create(key, value: value, context: context(caller))
        }
    }

    /// Replaces the value of `key`; `.notFound` when absent.
    public func update(key: String, value: SecureBytes, caller: String) async throws {
        try await observed(.update, key: key) { provider in
            guard provider.capabilities.canWrite else {
                throw HiveKeepError(.unsupportedOperation, "secrets provider does not support updating secrets")
            }
            try await provider.update(key, value: value, context: context(caller))
        }
    }

    /// Deletes `key`; `.notFound` when absent.
    public func delete(key: String, caller: String) async throws {
        try await observed(.delete, key: key) { provider in
            guard provider.capabilities.canDelete else {
                throw HiveKeepError(.unsupportedOperation, "secrets provider does not support deleting secrets")
            }
            try await provider.delete(key, context: context(caller))
        }
    }

    /// The value of `key`; `.notFound` when absent. Only the CLI and the workload runner read values.
    public func get(key: String, caller: String) async throws -> SecureBytes {
        try await observed(.get, key: key) { provider in
            guard provider.capabilities.canRead else {
                throw HiveKeepError(.unsupportedOperation, "secrets provider does not support reading secrets")
            }
            guard let value = try await provider.get(key, context: context(caller)) else {
                throw HiveKeepError.notFound("secret not found: \(key)")
            }
            return value
        }
    }

    private func context(_ caller: String) -> SecretsCallContext {
        SecretsCallContext(caller: RequestCaller.auditName(for: caller), audit: dependencies.audit)
    }

    /// Validates `key` (when given), opens the provider and runs `body` with it; reports the outcome to the
    /// observer, whatever it is, and passes on the result or the error.
    private func observed<T>(
        _ operation: SecretsOperationEvent.Operation, key: String?,
        _ body: (any SecretsProvider) async throws -> T
    ) async throws -> T {
        var type = "none"
        do {
            if let key { try SecretKeyName.validate(key) }
            let provider = try await provider()
            type = provider.type.rawValue
            let result = try await body(provider)
            dependencies.observer?(.init(provider: type, operation: operation, outcome: .ok))
            return result
        } catch {
            dependencies.observer?(.init(provider: type, operation: operation, outcome: .init(error)))
            throw error
        }
    }
}

/// The rules for secret names.
public enum SecretKeyName {
    /// The longest key accepted, in bytes.
    public static let maximumLength = 256

    /// Throws a 400 for an empty or overlong key, a control character, or a comma or `=` (which would break the
    /// `name,target=ENV` references that workloads use).
    public static func validate(_ key: String) throws {
        guard !key.isEmpty else { throw HiveKeepError.invalid("secret key is required") }
        guard key.utf8.count <= maximumLength else {
            throw HiveKeepError.invalid("secret key is longer than \(maximumLength) bytes")
        }
        guard !key.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw HiveKeepError.invalid("secret key must not contain control characters")
        }
        guard !key.contains(","), !key.contains("=") else {
            throw HiveKeepError.invalid("secret key must not contain ',' or '=' (they separate secret references)")
        }
    }
}
