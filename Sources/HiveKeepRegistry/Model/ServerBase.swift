import HiveKeepCore

/// The members every registry entry has, whether it runs locally or is reached over the network.
public struct ServerBase: Codable, Sendable, Hashable {
    /// The entry's name: its key in the registry (filled in on load).
    public var name: String
    public var description: String
    /// `Official` or `Community`.
    public var tier: String
    /// `Active` or `Deprecated`.
    public var status: String
    /// `stdio`, `sse` or `streamable-http`.
    public var transport: String
    /// Names of the tools the server provides.
    public var tools: [String]
    public var metadata: ServerMetadata?
    public var repositoryURL: String?
    public var tags: [String]?
    public var customMetadata: [String: JSONValue]?

    public init(
        name: String = "", description: String, tier: String = "Community", status: String = "Active",
        transport: String, tools: [String], metadata: ServerMetadata? = nil, repositoryURL: String? = nil,
        tags: [String]? = nil, customMetadata: [String: JSONValue]? = nil
    ) {
        self.name = name
        self.description = description
        self.tier = tier
        self.status = status
        self.transport = transport
        self.tools = tools
        self.metadata = metadata
        self.repositoryURL = repositoryURL
        self.tags = tags
        self.customMetadata = customMetadata
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, tier, status, transport, tools, metadata, tags
        case repositoryURL = "repository_url"
        case customMetadata = "custom_metadata"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        tier = try container.decodeIfPresent(String.self, forKey: .tier) ?? ""
        status = try container.decodeIfPresent(String.self, forKey: .status) ?? ""
        transport = try container.decodeIfPresent(String.self, forKey: .transport) ?? ""
        tools = try container.decodeIfPresent([String].self, forKey: .tools) ?? []
        metadata = try container.decodeIfPresent(ServerMetadata.self, forKey: .metadata)
        repositoryURL = try container.decodeIfPresent(String.self, forKey: .repositoryURL)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        customMetadata = try container.decodeIfPresent([String: JSONValue].self, forKey: .customMetadata)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(tier, forKey: .tier)
        try container.encode(status, forKey: .status)
        try container.encode(transport, forKey: .transport)
        try container.encode(tools, forKey: .tools)
        try container.encodeIfPresent(metadata, forKey: .metadata)
        try container.encodeIfPresent(repositoryURL, forKey: .repositoryURL)
        try container.encodeIfPresent(tags, forKey: .tags)
        try container.encodeIfPresent(customMetadata, forKey: .customMetadata)
    }
}

/// Popularity figures of a registry entry.
public struct ServerMetadata: Codable, Sendable, Hashable {
    public var stars: Int?
    public var pulls: Int?
    public var lastUpdated: String?

    public init(stars: Int? = nil, pulls: Int? = nil, lastUpdated: String? = nil) {
        self.stars = stars
        self.pulls = pulls
        self.lastUpdated = lastUpdated
    }

    enum CodingKeys: String, CodingKey {
        case stars, pulls
        case lastUpdated = "last_updated"
    }
}
