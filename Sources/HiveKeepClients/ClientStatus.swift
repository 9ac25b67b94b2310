/// A client type that is registered, with the groups it is registered with (`[]` when only globally).
public struct RegisteredClient: Sendable, Hashable {
    public var name: String
    public var groups: [String]

    public init(name: String, groups: [String]) {
        self.name = name
        self.groups = groups
    }
}

/// Whether one supported client is installed on this machine and registered with HiveKeep. Encodes as an entry of
/// `GET /api/v1beta/discovery/clients` (`client_type`, `installed`, `registered`).
public struct ClientStatus: Sendable, Hashable, Encodable {
    public var client: ClientType
    /// The client's configuration directory exists (for claude-code: its `~/.claude.json`).
    public var installed: Bool
    /// The client is registered globally or with some group.
    public var registered: Bool

    public init(client: ClientType, installed: Bool, registered: Bool) {
        self.client = client
        self.installed = installed
        self.registered = registered
    }

    enum CodingKeys: String, CodingKey {
        case client = "client_type"
        case installed
        case registered
    }
}
