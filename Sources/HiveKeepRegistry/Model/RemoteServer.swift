import HiveKeepCore

/// A registry entry for an MCP server reached over the network.
@dynamicMemberLookup
public struct RemoteServer: Codable, Sendable, Hashable {
    /// The members shared with local entries.
    public var base: ServerBase
    /// The server's endpoint.
    public var url: String
    public var headers: [HeaderSpec]?
    /// OAuth or OIDC settings, kept as sent.
    public var oauthConfig: JSONValue?
    public var envVars: [EnvVarSpec]?
    /// Members HiveKeep does not model, kept so that they survive a round trip.
    public var extra: [String: JSONValue] = [:]

    public init(base: ServerBase, url: String, headers: [HeaderSpec]? = nil, oauthConfig: JSONValue? = nil) {
        self.base = base
        self.url = url
        self.headers = headers
        self.oauthConfig = oauthConfig
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<ServerBase, T>) -> T {
        get { base[keyPath: keyPath] }
        set { base[keyPath: keyPath] = newValue }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url, headers
        case oauthConfig = "oauth_config"
        case envVars = "env_vars"
    }

    static let knownKeys = Set(CodingKeys.allCases.map(\.rawValue) + ServerBase.CodingKeys.allCases.map(\.rawValue))

    public init(from decoder: any Decoder) throws {
        base = try ServerBase(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decodeIfPresent(String.self, forKey: .url) ?? ""
        headers = try container.decodeIfPresent([HeaderSpec].self, forKey: .headers)
        oauthConfig = try container.decodeIfPresent(JSONValue.self, forKey: .oauthConfig)
        envVars = try container.decodeIfPresent([EnvVarSpec].self, forKey: .envVars)
        extra = try UnknownFields.decode(from: decoder, known: Self.knownKeys)
    }

    public func encode(to encoder: any Encoder) throws {
        try UnknownFields.encode(extra, to: encoder)
        try base.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(url, forKey: .url)
        try container.encodeIfPresent(headers, forKey: .headers)
        try container.encodeIfPresent(oauthConfig, forKey: .oauthConfig)
        try container.encodeIfPresent(envVars, forKey: .envVars)
    }
}
