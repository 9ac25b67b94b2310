import HiveKeepCore
import HiveKeepSigning

/// How an import may proceed: under which name, and whether an unsigned configuration or one that references
/// secrets is accepted.
public struct ImportOptions: Sendable, Hashable {
    /// The workload's name; nil keeps the payload's `name`.
    public var name: String?
    /// Accept a plain RunConfig (no envelope), such as a ToolHive export.
    public var allowUnsigned: Bool
    /// Accept a configuration that references secrets (they are handed to the server it runs).
    public var allowSecrets: Bool

    /// Groups that do not exist yet but will before the import runs (a migration creates them first); a
    /// configuration in one of them passes the group check.
    public var pendingGroups: Set<String>

    public init(
        name: String? = nil, allowUnsigned: Bool = false, allowSecrets: Bool = false, pendingGroups: Set<String> = []
    ) {
        self.name = name
        self.allowUnsigned = allowUnsigned
        self.allowSecrets = allowSecrets
        self.pendingGroups = pendingGroups
    }
}

/// An import that passed every check that needs no decision: read, verified, validated, renamed and given a port.
/// Nothing is saved until ``WorkloadService/runImport(_:allowSecrets:)``.
public struct PreparedImport: Sendable {
    /// The run configuration that will be saved and started.
    public var config: RunConfig
    /// What it asks for.
    public var plan: ImportPlan
    /// The trusted key that signed it; nil when unsigned.
    public var signer: SigningPublicKey?
}
