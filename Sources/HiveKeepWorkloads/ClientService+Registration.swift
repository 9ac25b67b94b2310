import HiveKeepClients
import HiveKeepCore
import HiveKeepStore

extension ClientService {
    /// Registers `name` with `groups` (`default` when empty) and writes those groups' running workloads into its
    /// file; returns the groups.
    @discardableResult
    public func register(_ name: String, groups requested: [String]) async throws -> [String] {
        let client = try ClientType.parse(name)
        let names = requested.isEmpty ? [Group.defaultName] : Self.unique(requested)
        try await groups.requireExisting(names)
        try await write(try await workloads.runningEntries(in: names), to: client)
        try await groups.addClient(client.rawValue, to: names)
        return names
    }

    /// Registers several clients with `groups`, or globally (in `config.yaml`) when `groups` is empty.
    public func register(names: [String], groups requested: [String]) async throws {
        let clients = try Self.parse(names)
        if requested.isEmpty {
            let entries = try await workloads.runningEntries(in: nil)
            for client in clients { try await check(entries, for: client) }
            for client in clients { try await write(entries, to: client) }
            try await config.update { config in
                let merged = Set(config.clients.registeredClients).union(clients.map(\.rawValue))
                config.clients.registeredClients = merged.sorted()
            }
            return
        }
        let groupNames = Self.unique(requested)
        try await groups.requireExisting(groupNames)
        let entries = try await workloads.runningEntries(in: groupNames)
        for client in clients { try await check(entries, for: client) }
        for client in clients {
            try await write(entries, to: client)
            try await groups.addClient(client.rawValue, to: groupNames)
        }
    }

    /// Removes every running workload from the client's file and unregisters it from all groups and globally.
    public func unregister(_ name: String) async throws {
        let client = try ClientType.parse(name)
        try await remove(try await workloads.runningEntries(in: nil).map(\.name), from: client)
        try await groups.removeClient(client.rawValue, from: nil)
        try await config.update { config in config.clients.registeredClients.removeAll { $0 == client.rawValue } }
    }

    /// Removes `group`'s running workloads from the client's file and unregisters it from that group.
    public func unregister(_ name: String, fromGroup group: String) async throws {
        let client = try ClientType.parse(name)
        try await groups.requireExisting([group])
        try await remove(try await workloads.runningEntries(in: [group]).map(\.name), from: client)
        try await groups.removeClient(client.rawValue, from: [group])
    }

    /// Unregisters several clients from `groups`, or from everywhere when `groups` is empty.
    public func unregister(names: [String], groups requested: [String]) async throws {
        let clients = try Self.parse(names)
        let groupNames = Self.unique(requested)
        try await groups.requireExisting(groupNames)
        for client in clients {
            if groupNames.isEmpty {
                try await unregister(client.rawValue)
            } else {
                for group in groupNames { try await unregister(client.rawValue, fromGroup: group) }
            }
        }
    }

    private static func parse(_ names: [String]) throws -> [ClientType] {
        guard !names.isEmpty else { throw HiveKeepError.invalid("at least one client name is required") }
        return try unique(names).map(ClientType.parse)
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
