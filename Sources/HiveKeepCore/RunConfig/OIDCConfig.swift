/// The deprecated OIDC validator settings of a run configuration. ToolHive's Go struct has no JSON tags, so its code
/// writes the field names as they are (`Issuer`, `JWKSURL`, ...); HiveKeep writes the same and reads any case.
public struct OIDCConfig: Codable, Sendable, Hashable {
    public var issuer: String?
    public var audience: String?
    public var jwksURL: String?
    public var clientID: String?
    /// A secret value in ToolHive; HiveKeep refuses to export a run configuration that carries one.
    public var clientSecret: String?
    public var caCertPath: String?
    public var authTokenFile: String?
    public var allowPrivateIP: Bool?
    public var insecureAllowHTTP: Bool?
    public var introspectionURL: String?
    public var resourceURL: String?
    public var scopes: [String]?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case issuer = "Issuer"
        case audience = "Audience"
        case jwksURL = "JWKSURL"
        case clientID = "ClientID"
        case clientSecret = "ClientSecret"
        case caCertPath = "CACertPath"
        case authTokenFile = "AuthTokenFile"
        case allowPrivateIP = "AllowPrivateIP"
        case insecureAllowHTTP = "InsecureAllowHTTP"
        case introspectionURL = "IntrospectionURL"
        case resourceURL = "ResourceURL"
        case scopes = "Scopes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        func value<T: Decodable>(_ key: CodingKeys, _ type: T.Type) throws -> T? {
            guard let found = c.allKeys.first(where: { $0.stringValue.lowercased() == key.rawValue.lowercased() })
            else { return nil }
            return try c.decodeIfPresent(type, forKey: found)
        }
        issuer = try value(.issuer, String.self)
        audience = try value(.audience, String.self)
        jwksURL = try value(.jwksURL, String.self)
        clientID = try value(.clientID, String.self)
        clientSecret = try value(.clientSecret, String.self)
        caCertPath = try value(.caCertPath, String.self)
        authTokenFile = try value(.authTokenFile, String.self)
        allowPrivateIP = try value(.allowPrivateIP, Bool.self)
        insecureAllowHTTP = try value(.insecureAllowHTTP, Bool.self)
        introspectionURL = try value(.introspectionURL, String.self)
        resourceURL = try value(.resourceURL, String.self)
        scopes = try value(.scopes, [String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(issuer ?? "", forKey: .issuer)
        try c.encode(audience ?? "", forKey: .audience)
        try c.encode(jwksURL ?? "", forKey: .jwksURL)
        try c.encode(clientID ?? "", forKey: .clientID)
        try c.encode(clientSecret ?? "", forKey: .clientSecret)
        try c.encode(caCertPath ?? "", forKey: .caCertPath)
        try c.encode(authTokenFile ?? "", forKey: .authTokenFile)
        try c.encode(allowPrivateIP ?? false, forKey: .allowPrivateIP)
        try c.encode(insecureAllowHTTP ?? false, forKey: .insecureAllowHTTP)
        try c.encode(introspectionURL ?? "", forKey: .introspectionURL)
        try c.encode(resourceURL ?? "", forKey: .resourceURL)
        try c.encode(scopes ?? [], forKey: .scopes)
    }
}

/// A coding key for any string, for case-insensitive reading.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Token exchange settings (RFC 8693) of a remote workload. `client_secret` is a value in ToolHive; HiveKeep exports
/// it only in reference form.
public struct TokenExchangeConfig: Codable, Sendable, Hashable {
    public var tokenURL: String?
    public var clientID: String?
    public var clientSecret: String?
    public var audience: String?
    public var scopes: [String]?
    public var subjectTokenType: String?
    public var headerStrategy: String?
    public var externalTokenHeaderName: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case tokenURL = "token_url"
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case audience, scopes
        case subjectTokenType = "subject_token_type"
        case headerStrategy = "header_strategy"
        case externalTokenHeaderName = "external_token_header_name"
    }
}
