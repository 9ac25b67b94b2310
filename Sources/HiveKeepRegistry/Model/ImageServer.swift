import HiveKeepCore

/// A registry entry that runs locally: a container image or a package reference (`uvx://`, `npx://`, `exec://`).
@dynamicMemberLookup
public struct ImageServer: Codable, Sendable, Hashable {
    /// The members shared with remote entries.
    public var base: ServerBase
    public var image: String
    public var targetPort: Int?
    public var proxyPort: Int?
    public var permissions: PermissionProfile?
    public var envVars: [EnvVarSpec]?
    public var args: [String]?
    public var dockerTags: [String]?
    /// Supply-chain provenance, kept as sent.
    public var provenance: JSONValue?
    /// Members HiveKeep does not model, kept so that they survive a round trip.
    public var extra: [String: JSONValue] = [:]

    public init(
        base: ServerBase, image: String, targetPort: Int? = nil, permissions: PermissionProfile? = nil,
        envVars: [EnvVarSpec]? = nil, args: [String]? = nil
    ) {
        self.base = base
        self.image = image
        self.targetPort = targetPort
        self.permissions = permissions
        self.envVars = envVars
        self.args = args
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<ServerBase, T>) -> T {
        get { base[keyPath: keyPath] }
        set { base[keyPath: keyPath] = newValue }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case image, permissions, args, provenance
        case targetPort = "target_port"
        case proxyPort = "proxy_port"
        case envVars = "env_vars"
        case dockerTags = "docker_tags"
    }

    static let knownKeys = Set(CodingKeys.allCases.map(\.rawValue) + ServerBase.CodingKeys.allCases.map(\.rawValue))

    public init(from decoder: any Decoder) throws {
        base = try ServerBase(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        image = try container.decodeIfPresent(String.self, forKey: .image) ?? ""
        targetPort = try container.decodeIfPresent(Int.self, forKey: .targetPort)
        proxyPort = try container.decodeIfPresent(Int.self, forKey: .proxyPort)
        permissions = try container.decodeIfPresent(PermissionProfile.self, forKey: .permissions)
        envVars = try container.decodeIfPresent([EnvVarSpec].self, forKey: .envVars)
        args = try container.decodeIfPresent([String].self, forKey: .args)
        dockerTags = try container.decodeIfPresent([String].self, forKey: .dockerTags)
        provenance = try container.decodeIfPresent(JSONValue.self, forKey: .provenance)
        extra = try UnknownFields.decode(from: decoder, known: Self.knownKeys)
    }

    public func encode(to encoder: any Encoder) throws {
        try UnknownFields.encode(extra, to: encoder)
        try base.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(image, forKey: .image)
        try container.encodeIfPresent(targetPort, forKey: .targetPort)
        try container.encodeIfPresent(proxyPort, forKey: .proxyPort)
        try container.encodeIfPresent(permissions, forKey: .permissions)
        try container.encodeIfPresent(envVars, forKey: .envVars)
        try container.encodeIfPresent(args, forKey: .args)
        try container.encodeIfPresent(dockerTags, forKey: .dockerTags)
        try container.encodeIfPresent(provenance, forKey: .provenance)
    }
}
