import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepWorkloads
import Logging
import Sodium

/// Brings a ToolHive installation into HiveKeep: its secrets (into HiveKeep's current provider, audited), groups,
/// run configurations (through the same path as an unsigned import) and client registrations.
///
/// The transaction, in the house order: ``prepare()`` reads everything and runs every check that can fail (the
/// secrets file's password, each secret name, each run configuration through ``WorkloadService/prepareImport(_:
/// options:)``) without writing anything, and returns the plan; a wrong password or a damaged file fails here, so
/// nothing is written. ``apply(_:start:)`` then creates, in order, the provider choice, secrets, groups, workloads
/// (stopped unless `start`) and client registrations. A name HiveKeep already has is reported and left alone, so a
/// second run changes nothing. ToolHive's files are only ever read.
public struct ToolHiveMigrator: Sendable {
    /// The HiveKeep services the migration writes through.
    public struct Services: Sendable {
        public var paths: HiveKeepPaths
        public var secrets: SecretsService
        public var groups: GroupService
        public var workloads: WorkloadService
        public var clients: ClientService

        public init(
            paths: HiveKeepPaths, secrets: SecretsService, groups: GroupService, workloads: WorkloadService,
            clients: ClientService
        ) {
            self.paths = paths
            self.secrets = secrets
            self.groups = groups
            self.workloads = workloads
            self.clients = clients
        }
    }

    /// The caller recorded in the secrets audit log.
    static let caller = "migrate:toolhive"

    let installation: ToolHiveInstallation
    let services: Services
    let password: ToolHivePassword
    let logger: Logger

    public init(
        installation: ToolHiveInstallation, services: Services, password: ToolHivePassword, logger: Logger
    ) {
        self.installation = installation
        self.services = services
        self.password = password
        self.logger = logger
    }

    /// Reads and checks everything; writes nothing.
    ///
    /// - Throws: `.invalidArgument` when the secrets file cannot be opened (wrong password, truncated or damaged
    ///   file) or no password is available; what reading HiveKeep's own state throws.
    public func prepare() async throws -> PreparedMigration {
        var prepared = PreparedMigration(plan: MigrationPlan(source: installation.layout))
        try await prepareSecrets(into: &prepared)
        try await prepareGroups(into: &prepared)
        try await prepareWorkloads(into: &prepared)
        try await prepareClients(into: &prepared)
        for file in installation.unreadable {
            let kind: MigrationPlan.Kind =
                file.path.hasPrefix(installation.layout.groupDirectory + "/") ? .group : .workload
            prepared.plan.items.append(.init(kind: kind, name: file.path, action: .refused, reason: file.reason))
        }
        return prepared
    }
}

/// A migration that passed ``ToolHiveMigrator/prepare()``: its plan and what applying it writes.
public struct PreparedMigration: Sendable {
    /// What will happen, item by item.
    public var plan: MigrationPlan
    /// HiveKeep's provider to set up (ToolHive's `environment` choice), when HiveKeep has none.
    var providerSetup: SecretsProviderType?
    /// The secrets to create, with their values.
    var secrets: [(name: String, value: SecureBytes)] = []
    /// The groups to create.
    var groups: [String] = []
    /// The workloads to save.
    var workloads: [PreparedImport] = []
    /// The client registrations to add: a client and its group, or nil for a global registration.
    var clients: [(client: String, group: String?)] = []

    init(plan: MigrationPlan) { self.plan = plan }
}
