import HiveKeepCore

/// Between the API's `oauth_config` / `headers` and a run configuration's `remote_auth_config`.
///
/// The client secret and bearer token travel only as secret references (`{name, target}` in the API,
/// `name,target=T` in the run configuration); a plain string there is refused, so no value is ever saved.
enum RemoteAuthMapping {
    static func config(from oauth: JSONValue?, headers: JSONValue?) throws -> RemoteAuthConfig? {
        guard oauth != nil || headers != nil else { return nil }
        var config = RemoteAuthConfig()
        config.headers = headers
        guard let fields = oauth?.objectValue else {
            if oauth != nil, oauth != .null { throw HiveKeepError.invalid("oauth_config must be an object") }
            return config
        }
        config.issuer = fields["issuer"]?.stringValue
        config.authorizeURL = fields["authorize_url"]?.stringValue
        config.tokenURL = fields["token_url"]?.stringValue
        config.clientID = fields["client_id"]?.stringValue
        config.clientSecret = try reference(fields["client_secret"], field: "client_secret")
        config.bearerToken = try reference(fields["bearer_token"], field: "bearer_token")
        config.scopes = fields["scopes"]?.arrayValue?.compactMap(\.stringValue)
        if case .bool(let value) = fields["use_pkce"] { config.usePKCE = value }
        if case .bool(let value) = fields["skip_browser"] { config.skipBrowser = value }
        if case .int(let port) = fields["callback_port"] {
            guard port == 0 || (1024...65535).contains(port) else {
                throw HiveKeepError.invalid("oauth_config.callback_port must be within 1024-65535")
            }
            config.callbackPort = port
        }
        config.resource = fields["resource"]?.stringValue
        if let params = fields["oauth_params"]?.objectValue {
            config.oauthParams = params.compactMapValues(\.stringValue)
        }
        if let grant = fields["grant_type"]?.stringValue, !grant.isEmpty { config.grantType = grant }
        return config
    }

    private static func reference(_ value: JSONValue?, field: String) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .object(let members)?:
            guard let name = members["name"]?.stringValue, let target = members["target"]?.stringValue else {
                throw HiveKeepError.invalid("oauth_config.\(field) needs name and target")
            }
            if name.isEmpty && target.isEmpty { return nil }
            return SecretReference(name: name, target: target).stored
        default:
            throw HiveKeepError.invalid(
                "oauth_config.\(field) must be a secret reference {\"name\", \"target\"}, never a value")
        }
    }

    /// The API form of a stored configuration's OAuth settings.
    static func request(from config: RemoteAuthConfig?) -> JSONValue? {
        guard let config else { return nil }
        var fields: [String: JSONValue] = [:]
        func put(_ key: String, _ value: String?) { if let value, !value.isEmpty { fields[key] = .string(value) } }
        put("issuer", config.issuer)
        put("authorize_url", config.authorizeURL)
        put("token_url", config.tokenURL)
        put("client_id", config.clientID)
        put("resource", config.resource)
        for (key, stored) in [("client_secret", config.clientSecret), ("bearer_token", config.bearerToken)] {
            if let stored, let reference = try? SecretReference(parsing: stored) {
                fields[key] = .object(["name": .string(reference.name), "target": .string(reference.target)])
            }
        }
        if let scopes = config.scopes { fields["scopes"] = .array(scopes.map(JSONValue.string)) }
        fields["use_pkce"] = .bool(config.usePKCE)
        if let port = config.callbackPort { fields["callback_port"] = .int(port) }
        if let params = config.oauthParams, !params.isEmpty {
            fields["oauth_params"] = .object(params.mapValues(JSONValue.string))
        }
        if config.skipBrowser == true { fields["skip_browser"] = .bool(true) }
        put("grant_type", config.grantType)
        return .object(fields)
    }
}
