/// A named collection of registry servers meant to be used together.
public struct RegistryGroup: Codable, Sendable, Hashable {
    public var name: String
    public var description: String
    public var servers: [String: ImageServer]?
    public var remoteServers: [String: RemoteServer]?

    public init(
        name: String, description: String, servers: [String: ImageServer]? = nil,
        remoteServers: [String: RemoteServer]? = nil
    ) {
        self.name = name
        self.description = description
        self.servers = servers
        self.remoteServers = remoteServers
    }

    enum CodingKeys: String, CodingKey {
        case name, description, servers
        case remoteServers = "remote_servers"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        servers = try container.decodeIfPresent([String: ImageServer].self, forKey: .servers)
        remoteServers = try container.decodeIfPresent([String: RemoteServer].self, forKey: .remoteServers)
    }
}
