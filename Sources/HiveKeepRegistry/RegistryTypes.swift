/// Where the registry comes from.
public enum RegistrySourceType: String, Sendable, Hashable, Codable, CaseIterable {
    /// The built-in registry embedded in HiveKeep.
    case builtin = "default"
    /// A JSON file on the server.
    case file
    /// A JSON document fetched over HTTPS.
    case url
    /// An MCP Registry API (`GET <base>/v0.1/servers`), converted to the ToolHive format.
    case api
}

/// A registry's summary, as listed.
public struct RegistrySummary: Sendable, Hashable {
    public var name: String
    public var version: String
    public var lastUpdated: String
    /// The number of container and package servers (remote servers are not counted, as in the reference).
    public var serverCount: Int
    public var type: RegistrySourceType
    /// The file path or URL; empty for the built-in registry.
    public var source: String
}

/// One registry entry, local or remote.
public enum RegistryEntry: Sendable, Hashable {
    case image(ImageServer)
    case remote(RemoteServer)

    /// The entry's name.
    public var name: String {
        switch self {
        case .image(let server): server.name
        case .remote(let server): server.name
        }
    }
}

/// A request to change where the registry comes from; no source at all means the built-in registry.
public struct RegistryUpdate: Sendable, Hashable {
    public var url: String?
    public var apiURL: String?
    public var localPath: String?
    public var allowPrivateIP: Bool

    public init(url: String? = nil, apiURL: String? = nil, localPath: String? = nil, allowPrivateIP: Bool = false) {
        self.url = url
        self.apiURL = apiURL
        self.localPath = localPath
        self.allowPrivateIP = allowPrivateIP
    }
}

/// The outcome of a `RegistryUpdate`.
public struct RegistryUpdateResult: Sendable, Hashable {
    public var type: RegistrySourceType
    public var message: String
}
