import HiveKeepCore
import Sodium

/// A place secrets live. Every provider passes the same conformance suite (`Tests/HiveKeepSecretsTests`).
///
/// Values are `SecureBytes` end to end. Every call carries a `SecretsCallContext`: the provider writes exactly one
/// audit record for it through `context.audit` *before* the change is committed (under the provider's own lock
/// where it has one), and a second record with outcome `failed` when the commit then fails. If the record cannot
/// be written the operation fails and changes nothing.
///
/// Errors are `HiveKeepError`s: `.notFound` for an unknown key on update or delete, `.alreadyExists` for a create
/// of an existing key, `.unsupportedOperation` for what the capabilities exclude, `.unavailable` when the backing
/// store (keyring, file system) cannot be used right now. No error message contains a value.
public protocol SecretsProvider: Sendable {
    /// Which kind of provider this is.
    var type: SecretsProviderType { get }
    /// What it can do.
    var capabilities: SecretsCapabilities { get }

    /// The value of `key`, or nil when there is none.
    func get(_ key: String, context: SecretsCallContext) async throws -> SecureBytes?
    /// Stores a new secret; `.alreadyExists` when `key` is present.
    func create(_ key: String, value: SecureBytes, context: SecretsCallContext) async throws
    /// Replaces the value of an existing secret; `.notFound` when `key` is absent.
    func update(_ key: String, value: SecureBytes, context: SecretsCallContext) async throws
    /// Removes a secret; `.notFound` when `key` is absent.
    func delete(_ key: String, context: SecretsCallContext) async throws
    /// The keys, sorted.
    func list(context: SecretsCallContext) async throws -> [String]
    /// Removes every secret this provider holds for this HiveKeep installation.
    func cleanup(context: SecretsCallContext) async throws
}

/// Who is calling and where the audit trail goes, for one provider call.
public struct SecretsCallContext: Sendable {
    /// `cli`, `api:<request id>`, or `runner:<workload>`.
    public var caller: String
    /// Where the provider writes the call's audit record.
    public var audit: any AuditRecorder

    public init(caller: String, audit: any AuditRecorder) {
        self.caller = caller
        self.audit = audit
    }

    /// Writes one record for this call; blocking (it syncs to disk).
    public func record(
        _ operation: AuditOperation,
        key: String?,
        provider: SecretsProviderType,
        outcome: AuditOutcome
    ) throws {
        try audit.record(
            AuditEvent(operation: operation, key: key, provider: provider, outcome: outcome, caller: caller)
        )
    }
}
