/// How a remote workload authenticates to its server (ToolHive's `remote.Config`).
///
/// `client_secret` and `bearer_token` hold secret references (`name,target=...`), never values. `timeout` is integer
/// nanoseconds, as ToolHive's code writes a Go duration; a string such as `"5m"` is also read.
public struct RemoteAuthConfig: Codable, Sendable, Hashable {
    public var clientID: String?
    public var clientSecret: String?
    public var clientSecretFile: String?
    public var scopes: [String]?
    public var skipBrowser: Bool?
    public var timeoutNanoseconds: Int64?
    public var callbackPort: Int?
    public var usePKCE: Bool = false
    public var resource: String?
    public var issuer: String?
    public var authorizeURL: String?
    public var tokenURL: String?
    public var headers: JSONValue?
    public var envVars: JSONValue?
    public var oauthParams: [String: String]?
    public var bearerToken: String?
    public var bearerTokenFile: String?
    public var cachedRefreshTokenRef: String?
    public var cachedTokenExpiry: String = "0001-01-01T00:00:00Z"
    /// HiveKeep's extension: `client_credentials` asks for the client credentials grant (no person signs in);
    /// absent or `authorization_code` for the code flow.
    public var grantType: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case clientSecretFile = "client_secret_file"
        case scopes
        case skipBrowser = "skip_browser"
        case timeoutNanoseconds = "timeout"
        case callbackPort = "callback_port"
        case usePKCE = "use_pkce"
        case resource, issuer
        case authorizeURL = "authorize_url"
        case tokenURL = "token_url"
        case headers
        case envVars = "env_vars"
        case oauthParams = "oauth_params"
        case bearerToken = "bearer_token"
        case bearerTokenFile = "bearer_token_file"
        case cachedRefreshTokenRef = "cached_refresh_token_ref"
        case cachedTokenExpiry = "cached_token_expiry"
        case grantType = "grant_type"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clientID = try c.decodeIfPresent(String.self, forKey: .clientID)
        clientSecret = try c.decodeIfPresent(String.self, forKey: .clientSecret)
        clientSecretFile = try c.decodeIfPresent(String.self, forKey: .clientSecretFile)
        scopes = try c.decodeIfPresent([String].self, forKey: .scopes)
        skipBrowser = try c.decodeIfPresent(Bool.self, forKey: .skipBrowser)
        if let text = try? c.decodeIfPresent(String.self, forKey: .timeoutNanoseconds) {
            timeoutNanoseconds = try GoDuration.nanoseconds(parsing: text)
        } else {
            timeoutNanoseconds = try c.decodeIfPresent(Int64.self, forKey: .timeoutNanoseconds)
        }
        callbackPort = try c.decodeIfPresent(Int.self, forKey: .callbackPort)
        usePKCE = try c.decodeIfPresent(Bool.self, forKey: .usePKCE) ?? false
        resource = try c.decodeIfPresent(String.self, forKey: .resource)
        issuer = try c.decodeIfPresent(String.self, forKey: .issuer)
        authorizeURL = try c.decodeIfPresent(String.self, forKey: .authorizeURL)
        tokenURL = try c.decodeIfPresent(String.self, forKey: .tokenURL)
        headers = try c.decodeIfPresent(JSONValue.self, forKey: .headers)
        envVars = try c.decodeIfPresent(JSONValue.self, forKey: .envVars)
        oauthParams = try c.decodeIfPresent([String: String].self, forKey: .oauthParams)
        bearerToken = try c.decodeIfPresent(String.self, forKey: .bearerToken)
        bearerTokenFile = try c.decodeIfPresent(String.self, forKey: .bearerTokenFile)
        cachedRefreshTokenRef = try c.decodeIfPresent(String.self, forKey: .cachedRefreshTokenRef)
        cachedTokenExpiry = try c.decodeIfPresent(String.self, forKey: .cachedTokenExpiry) ?? "0001-01-01T00:00:00Z"
        grantType = try c.decodeIfPresent(String.self, forKey: .grantType)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonEmpty(clientID, forKey: .clientID)
        try c.encodeNonEmpty(clientSecret, forKey: .clientSecret)
        try c.encodeNonEmpty(clientSecretFile, forKey: .clientSecretFile)
        try c.encodeNonEmpty(scopes, forKey: .scopes)
        try c.encodeTrue(skipBrowser, forKey: .skipBrowser)
        if let timeoutNanoseconds, timeoutNanoseconds != 0 {
            try c.encode(timeoutNanoseconds, forKey: .timeoutNanoseconds)
        }
        try c.encodeNonZero(callbackPort, forKey: .callbackPort)
        try c.encode(usePKCE, forKey: .usePKCE)
        try c.encodeNonEmpty(resource, forKey: .resource)
        try c.encodeNonEmpty(issuer, forKey: .issuer)
        try c.encodeNonEmpty(authorizeURL, forKey: .authorizeURL)
        try c.encodeNonEmpty(tokenURL, forKey: .tokenURL)
        try c.encodeIfPresent(headers, forKey: .headers)
        try c.encodeIfPresent(envVars, forKey: .envVars)
        try c.encodeNonEmpty(oauthParams, forKey: .oauthParams)
        try c.encodeNonEmpty(bearerToken, forKey: .bearerToken)
        try c.encodeNonEmpty(bearerTokenFile, forKey: .bearerTokenFile)
        try c.encodeNonEmpty(cachedRefreshTokenRef, forKey: .cachedRefreshTokenRef)
        try c.encode(cachedTokenExpiry, forKey: .cachedTokenExpiry)
        try c.encodeNonEmpty(grantType, forKey: .grantType)
    }
}

/// Go's duration text (`"5m"`, `"1h30m"`, `"250ms"`) as nanoseconds.
enum GoDuration {
    static func nanoseconds(parsing text: String) throws -> Int64 {
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { throw HiveKeepError.invalid("invalid duration: empty") }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { throw HiveKeepError.invalid("invalid duration: \(text)") }
            rest = rest.dropFirst(number.count)
            guard let unit = units.sorted(by: { $0.0.count > $1.0.count }).first(where: { rest.hasPrefix($0.0) })
            else { throw HiveKeepError.invalid("invalid duration: \(text)") }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return Int64(total)
    }
}
