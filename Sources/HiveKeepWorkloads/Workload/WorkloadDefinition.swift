import HiveKeepCore

/// A saved run configuration shown as the request that would create it (what GET `/workloads/{name}` returns).
enum WorkloadDefinition {
    static func request(from config: RunConfig) -> WorkloadRequest {
        var request = WorkloadRequest(name: config.name, image: config.image, url: config.remoteURL)
        request.host = config.host
        request.cmdArguments = config.cmdArgs
        request.targetPort = config.targetPort ?? 0
        request.proxyPort = config.port
        request.envVars = config.envVars
        request.secrets = config.secrets.compactMap { try? SecretReference(parsing: $0) }
        request.volumes = config.volumes
        request.transport = config.transport
        request.authzConfig = ""
        request.permissionProfile = config.permissionProfile
        request.proxyMode = config.proxyMode ?? (config.transport == "stdio" ? "streamable-http" : config.transport)
        request.networkIsolation = config.isolateNetwork ?? false
        request.trustProxyHeaders = config.trustProxyHeaders ?? false
        request.tools = config.toolsFilter
        request.toolsOverride = config.toolsOverride
        request.group = config.group ?? "default"
        request.allowLoaderEnv = config.allowLoaderEnv
        request.sandbox = config.sandbox
        request.allowInstallScripts = config.allowInstallScripts
        request.oauthConfig = RemoteAuthMapping.request(from: config.remoteAuthConfig)
        request.headers = config.remoteAuthConfig?.headers
        request.proxyAuth = config.proxyAuth
        if let oidc = config.oidcConfig {
            var fields: [String: JSONValue] = [:]
            if let issuer = oidc.issuer { fields["issuer"] = .string(issuer) }
            if let audience = oidc.audience { fields["audience"] = .string(audience) }
            if let jwks = oidc.jwksURL { fields["jwks_url"] = .string(jwks) }
            if let client = oidc.clientID { fields["client_id"] = .string(client) }
            if let scopes = oidc.scopes { fields["scopes"] = .array(scopes.map(JSONValue.string)) }
            request.oidc = .object(fields)
        }
        return request
    }

    /// The OIDC settings of a request, as stored: issuer, audience, JWKS URL, client id and scopes only (the
    /// reference drops the introspection URL and the client secret).
    static func oidc(from value: JSONValue?) -> OIDCConfig? {
        guard let fields = value?.objectValue else { return nil }
        var oidc = OIDCConfig()
        oidc.issuer = fields["issuer"]?.stringValue
        oidc.audience = fields["audience"]?.stringValue
        oidc.jwksURL = fields["jwks_url"]?.stringValue
        oidc.clientID = fields["client_id"]?.stringValue
        oidc.scopes = fields["scopes"]?.arrayValue?.compactMap(\.stringValue)
        return oidc
    }
}
