import HiveKeepCore

/// A registry document in the ToolHive registry format: container and package servers, remote servers and groups.
public struct RegistryDocument: Codable, Sendable, Hashable {
    public var schema: String?
    /// Version of the format, `1.0.0`.
    public var version: String
    /// When the content was last updated (RFC 3339).
    public var lastUpdated: String
    public var servers: [String: ImageServer]
    public var remoteServers: [String: RemoteServer]
    public var groups: [RegistryGroup]?
    /// Members HiveKeep does not model, kept so that they survive a round trip.
    public var extra: [String: JSONValue] = [:]

    public init(
        version: String = "1.0.0", lastUpdated: String, servers: [String: ImageServer] = [:],
        remoteServers: [String: RemoteServer] = [:], groups: [RegistryGroup]? = nil
    ) {
        self.version = version
        self.lastUpdated = lastUpdated
        self.servers = servers
        self.remoteServers = remoteServers
        self.groups = groups
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case schema = "$schema"
        case version, servers, groups
        case lastUpdated = "last_updated"
        case remoteServers = "remote_servers"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schema = try container.decodeIfPresent(String.self, forKey: .schema)
        version = try container.decodeIfPresent(String.self, forKey: .version) ?? ""
        lastUpdated = try container.decodeIfPresent(String.self, forKey: .lastUpdated) ?? ""
        servers = try container.decodeIfPresent([String: ImageServer].self, forKey: .servers) ?? [:]
        remoteServers = try container.decodeIfPresent([String: RemoteServer].self, forKey: .remoteServers) ?? [:]
        groups = try container.decodeIfPresent([RegistryGroup].self, forKey: .groups)
        extra = try UnknownFields.decode(from: decoder, known: Set(CodingKeys.allCases.map(\.rawValue)))
        fillNames()
    }

    public func encode(to encoder: any Encoder) throws {
        try UnknownFields.encode(extra, to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(schema, forKey: .schema)
        try container.encode(version, forKey: .version)
        try container.encode(lastUpdated, forKey: .lastUpdated)
        try container.encode(servers, forKey: .servers)
        try container.encode(remoteServers, forKey: .remoteServers)
        try container.encodeIfPresent(groups, forKey: .groups)
    }

    /// The number of entries of every kind, groups included.
    public var totalServerCount: Int {
        servers.count + remoteServers.count
            + (groups ?? []).reduce(0) { $0 + ($1.servers?.count ?? 0) + ($1.remoteServers?.count ?? 0) }
    }

    /// Sets every entry's `name` to its key, as the format says.
    private mutating func fillNames() {
        for key in servers.keys { servers[key]?.name = key }
        for key in remoteServers.keys { remoteServers[key]?.name = key }
        guard var groups else { return }
        for index in groups.indices {
            for key in groups[index].servers?.keys.map({ $0 }) ?? [] { groups[index].servers?[key]?.name = key }
            for key in groups[index].remoteServers?.keys.map({ $0 }) ?? [] {
                groups[index].remoteServers?[key]?.name = key
            }
        }
        self.groups = groups
    }
}
