/// What was done to a secret: the audit log's operations.
public enum AuditOperation: String, Sendable, Hashable, Codable {
    case get, create, update, delete, list, cleanup
    /// A workload was created (or replaced) through HiveKeep; the key is the workload's name.
    case workloadCreate = "workload-create"
    /// A run configuration was imported as a workload; the key is the workload's name.
    case workloadImport = "workload-import"
}

/// How an audited operation ended.
public enum AuditOutcome: String, Sendable, Hashable, Codable {
    /// Done (for a change: about to be committed; a later `failed` record says when the commit failed).
    case ok
    /// The key was not there.
    case notFound = "not-found"
    /// The key was there already.
    case alreadyExists = "already-exists"
    /// The change could not be committed, or the read failed.
    case failed
}

/// One audited event, before the log adds time, uid and the chain hash. Never a value.
public struct AuditEvent: Sendable, Hashable {
    public var operation: AuditOperation
    public var key: String?
    public var provider: SecretsProviderType
    public var outcome: AuditOutcome
    public var caller: String

    public init(
        operation: AuditOperation,
        key: String?,
        provider: SecretsProviderType,
        outcome: AuditOutcome,
        caller: String
    ) {
        self.operation = operation
        self.key = key
        self.provider = provider
        self.outcome = outcome
        self.caller = caller
    }
}

/// Takes audit events and makes them durable before returning. Blocking: call it from blocking code.
public protocol AuditRecorder: Sendable {
    /// Appends `event` durably; throws when it cannot, and the audited operation must then fail.
    func record(_ event: AuditEvent) throws
}
