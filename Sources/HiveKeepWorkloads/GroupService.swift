import HiveKeepCore
import HiveKeepStore
import Logging

/// The groups business rules shared by the REST API and the CLI.
///
/// `default` always exists (it is created on first use) and cannot be deleted. Every name is validated before any
/// file is touched. What happens to a deleted group's workloads goes through the `GroupWorkloads` seam.
public actor GroupService {
    let paths: HiveKeepPaths
    let logger: Logger
    let workloads: any GroupWorkloads
    /// The store of group files.
    public nonisolated let store: GroupStore

    public init(paths: HiveKeepPaths, logger: Logger, workloads: any GroupWorkloads = NoGroupWorkloads()) {
        self.paths = paths
        self.logger = logger
        self.workloads = workloads
        self.store = GroupStore(paths: paths)
    }

    /// Every group, sorted by name; `default` is always among them.
    public func list() async throws -> [Group] {
        let store = self.store
        return try await Blocking.run {
            try store.ensureDefault()
            return try store.list()
        }
    }

    /// The group named `name`.
    public func get(_ name: String) async throws -> Group {
        try GroupName.validate(name)
        let store = self.store
        let group = try await Blocking.run {
            try store.ensureDefault()
            return try store.load(name)
        }
        guard let group else { throw HiveKeepError.notFound("group not found: \(name)") }
        return group
    }

    /// Creates an empty group; of several identical concurrent creates (in any processes) exactly one succeeds.
    @discardableResult
    public func create(_ name: String) async throws -> Group {
        try GroupName.validate(name)
        let store = self.store
        let group = Group(name: name)
        try await Blocking.run {
            try store.ensureDefault()
            try store.create(group)
        }
        logger.info("created group", metadata: ["group.name": "\(name)"])
        return group
    }

    /// Deletes a group; its workloads move to `default`, or are deleted too when `withWorkloads` is true.
    public func delete(_ name: String, withWorkloads: Bool) async throws {
        try GroupName.validate(name)
        guard name != Group.defaultName else { throw HiveKeepError.invalid("cannot delete the default group") }
        _ = try await get(name)
        if withWorkloads {
            try await workloads.deleteAll(in: name)
        } else {
            try await workloads.moveToDefault(from: name)
        }
        let store = self.store
        try await Blocking.run { try store.delete(name) }
        logger.info(
            "deleted group", metadata: ["group.name": "\(name)", "group.with_workloads": "\(withWorkloads)"])
    }

    /// Checks that every group in `names` exists: 400 for an invalid name, 404 for a missing one.
    public func requireExisting(_ names: [String]) async throws {
        for name in names { _ = try await get(name) }
    }

    /// Adds `client` to the `registered_clients` of each group in `names` (which must exist).
    public func addClient(_ client: String, to names: [String]) async throws {
        try await change(names) { group in
            if !group.registeredClients.contains(client) {
                group.registeredClients = (group.registeredClients + [client]).sorted()
            }
        }
    }

    /// Removes `client` from the `registered_clients` of each group in `names`; all groups when `names` is nil.
    public func removeClient(_ client: String, from names: [String]?) async throws {
        let everywhere = names == nil
        var targets = names ?? []
        if everywhere { targets = try await list().map(\.name) }
        try await change(targets, skipMissing: everywhere) { group in group.registeredClients.removeAll { $0 == client }
        }
    }

    private func change(
        _ names: [String], skipMissing: Bool = false, _ body: @escaping @Sendable (inout Group) -> Void
    ) async throws {
        for name in names { try GroupName.validate(name) }
        let store = self.store
        try await Blocking.run {
            try store.ensureDefault()
            for name in names {
                do {
                    try store.update(name, body)
                } catch let error as HiveKeepError where error.code == .notFound && skipMissing {
                    continue  // deleted meanwhile: nothing to unregister from
                }
            }
        }
    }
}
