import Foundation
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepRuntime
import HiveKeepSecrets
import HiveKeepStore
import Logging
import Sodium

/// Workload lifecycle: create, read, list, stop, restart, delete, edit, export and logs. Shared by the REST API and
/// the CLI; every workload runs under its own detached `hivekeep proxy-runner`, so this service keeps no process
/// state of its own: everything it knows is in the run-configuration and status files.
public actor WorkloadService {
    let paths: HiveKeepPaths
    let files: WorkloadPaths
    let environment: EnvironmentValues
    let secrets: SecretsService
    let registry: RegistryService
    let groups: GroupService
    let clients: ClientService
    let options: WorkloadOptions
    /// The service's logger, also used for the background work of the API's 202 operations.
    public nonisolated let logger: Logger
    let configs: RunConfigStore
    let statuses: StatusStore
    let createLock: FileLock
    let managedSecrets: ManagedSecrets

    public init(
        paths: HiveKeepPaths, environment: EnvironmentValues, secrets: SecretsService, registry: RegistryService,
        options: WorkloadOptions, logger: Logger
    ) {
        self.paths = paths
        self.files = WorkloadPaths(paths)
        self.environment = environment
        self.secrets = secrets
        self.registry = registry
        self.groups = GroupService(paths: paths, logger: logger)
        self.clients = ClientService(paths: paths, environment: environment, groups: groups, logger: logger)
        self.options = options
        self.logger = logger
        self.configs = RunConfigStore(paths: paths)
        self.statuses = StatusStore(paths: paths)
        self.createLock = FileLock(guarding: paths.stateDirectory + "/runconfigs/.workloads")
        self.managedSecrets = ManagedSecrets(paths: paths)
    }

    /// Creates a workload from `request`, saves it and starts its runner; returns once the runner is spawned.
    ///
    /// A workload in `error` may be replaced under its name; any other existing name is a 409. See
    /// ``commit(_:previous:isCreate:)`` for the order of the steps and what a failure leaves (nothing).
    public func create(_ request: WorkloadRequest) async throws -> WorkloadCreated {
        guard request.image?.isEmpty == false || request.url?.isEmpty == false else {
            throw HiveKeepError.invalid("either 'image' or 'url' field is required")
        }
        let name = request.name ?? ""
        try WorkloadName.validate(name)
        let builder = try await builder(for: request, name: name, currentPort: nil)
        let previous = try replaceableConfig(name)
        return try await commit(builder, previous: previous, isCreate: true)
    }

    /// The configuration a create under `name` replaces: nil when the name is free, the saved one when the workload
    /// is in `error`.
    /// - Throws: 409 (`.alreadyExists`) when a workload of that name exists in any other status.
    func replaceableConfig(_ name: String) throws -> RunConfig? {
        guard configs.exists(name) else { return nil }
        let existing = (try? statuses.read(name)).flatMap { $0 }
        guard existing?.status == .error else {
            throw HiveKeepError(.alreadyExists, "workload with name \(name) already exists")
        }
        return try? configs.load(name)
    }

    /// The builder of `request`'s run configuration, with what it needs looked up (group, registry entry,
    /// bubblewrap). Ports are chosen when it builds, from ``reservedPorts(except:)``.
    /// - Throws: 400 for a bad group name, 404 for an unknown group or registry entry.
    func builder(for request: WorkloadRequest, name: String, currentPort: Int?) async throws -> WorkloadBuilder {
        let group = request.group.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        try GroupName.validate(group)
        _ = try await groups.get(group)
        var entry: RegistryEntry?
        if request.url?.isEmpty ?? true, let image = request.image, !image.contains("://") {
            entry = try await registry.lookup(image)
        }
        var builder = WorkloadBuilder(
            request: request, name: name, entry: entry, currentPort: currentPort, reservedPorts: [])
        builder.bubblewrapAvailable = (try? Sandbox.locateBubblewrap(environment: environment.values)) != nil
        try await requireContainerEngine(request: request, entry: entry)
        return builder
    }

    /// The ports other workloads hold (proxy and target ports, running or not), from their saved configurations.
    /// Read under ``createLock`` to choose a port that no concurrent create can choose too.
    func reservedPorts(except name: String) throws -> Set<Int> {
        var ports = Set<Int>()
        for config in try allConfigs() where config.name != name {
            ports.insert(config.port)
            if let target = config.targetPort { ports.insert(target) }
        }
        ports.remove(0)
        return ports
    }

    /// The saved configuration of `name`; 404 `workload not found` when there is none.
    func config(_ name: String) throws -> RunConfig {
        try requireExisting(name)
        return try configs.load(name)
    }

    /// Throws 400 for a name no workload can have and 404 when `name` has no saved configuration.
    func requireExisting(_ name: String) throws {
        try WorkloadName.validateExisting(name)
        guard configs.exists(name) else { throw HiveKeepError.notFound("workload not found: \(name)") }
    }

    func allConfigs() throws -> [RunConfig] {
        configs.names().compactMap { try? configs.load($0) }
    }

    /// The workload's definition, as create takes it.
    public func get(_ name: String) async throws -> WorkloadRequest {
        WorkloadDefinition.request(from: try config(name))
    }

    /// The workload's definition with its current status and status context (what reading one workload shows).
    public func details(_ name: String) async throws -> (
        request: WorkloadRequest, status: WorkloadStatus, context: String?
    ) {
        let request = WorkloadDefinition.request(from: try config(name))
        let record = listedRecord(name)
        return (request, record.status, record.statusContext)
    }

    /// The workload's status, repaired when its runner is gone.
    public func status(_ name: String) async throws -> WorkloadStatus {
        try requireExisting(name)
        guard (try? configs.load(name)) != nil else { return .error }
        return try currentRecord(name).status
    }

    /// The saved run configuration (what export returns).
    public func runConfig(_ name: String) async throws -> RunConfig {
        try config(name)
    }

    /// Workloads, only running ones unless `all`; only those of `group` when given (404 for an unknown group).
    public func list(all: Bool, group: String?) async throws -> [WorkloadSummary] {
        if let group {
            try GroupName.validate(group)
            _ = try await groups.get(group)
        }
        return configs.names().compactMap { name in
            let config: RunConfig
            do {
                config = try configs.load(name)
            } catch {
                // A workload whose configuration cannot be read still exists: `all` shows it in `error`.
                guard all, group == nil else { return nil }
                return WorkloadSummary(unreadable: name, record: listedRecord(name))
            }
            guard group == nil || (config.group ?? "default") == group else { return nil }
            let record = listedRecord(config.name)
            guard all || record.status == .running else { return nil }
            return WorkloadSummary(config: config, record: record)
        }
    }

    /// The record a list shows for `name`: ``currentRecord(_:)``, or `error` when its status file cannot be read.
    func listedRecord(_ name: String) -> StatusRecord {
        do {
            return try currentRecord(name)
        } catch {
            return StatusRecord(status: .error, statusContext: "the status file cannot be read")
        }
    }

    /// The status record of `name`; a `running` or `starting` record whose runner is gone becomes `unhealthy`.
    func currentRecord(_ name: String) throws -> StatusRecord {
        let record = try statuses.read(name) ?? StatusRecord(status: .stopped)
        guard [.running, .starting, .unauthenticated].contains(record.status), record.processID != 0,
            !RunnerProcess.isAlive(record.processID, workload: name)
        else { return record }
        let context = "proxy process not running: runner \(record.processID) exited"
        return try statuses.update(name) { current in
            guard var current, current.processID == record.processID, current.status == record.status else {
                return current
            }
            current.status = .unhealthy
            current.statusContext = context
            current.processID = 0
            return current
        } ?? record
    }
}
