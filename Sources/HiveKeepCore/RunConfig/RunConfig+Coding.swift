/// Reading and writing a ``RunConfig`` the way ToolHive does: a handful of keys are always written, every other key
/// only when it is not empty; reading fills what is missing with defaults and never fails on an unknown key.
extension RunConfig {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decodeIfPresent(String.self, forKey: .schemaVersion) ?? RunConfig.schemaVersion
        image = try c.decodeIfPresent(String.self, forKey: .image) ?? ""
        remoteURL = try c.decodeIfPresent(String.self, forKey: .remoteURL)
        remoteAuthConfig = try c.decodeIfPresent(RemoteAuthConfig.self, forKey: .remoteAuthConfig)
        cmdArgs = try c.decodeIfPresent([String].self, forKey: .cmdArgs) ?? []
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        containerName = try c.decodeIfPresent(String.self, forKey: .containerName)
        baseName = try c.decodeIfPresent(String.self, forKey: .baseName)
        transport = try c.decodeIfPresent(String.self, forKey: .transport) ?? "stdio"
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? "127.0.0.1"
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? 0
        targetPort = try c.decodeIfPresent(Int.self, forKey: .targetPort)
        targetHost = try c.decodeIfPresent(String.self, forKey: .targetHost)
        permissionProfileNameOrPath = try c.decodeIfPresent(String.self, forKey: .permissionProfileNameOrPath)
        permissionProfile = try c.decodeIfPresent(PermissionProfile.self, forKey: .permissionProfile)
        envVars = try c.decodeIfPresent([String: String].self, forKey: .envVars) ?? [:]
        envFileDir = try c.decodeIfPresent(String.self, forKey: .envFileDir)
        debug = try c.decodeIfPresent(Bool.self, forKey: .debug)
        volumes = try c.decodeIfPresent([String].self, forKey: .volumes) ?? []
        containerLabels = try c.decodeIfPresent([String: String].self, forKey: .containerLabels) ?? [:]
        oidcConfig = try c.decodeIfPresent(OIDCConfig.self, forKey: .oidcConfig)
        authzConfig = try c.decodeIfPresent(JSONValue.self, forKey: .authzConfig)
        authzConfigPath = try c.decodeIfPresent(String.self, forKey: .authzConfigPath)
        auditConfig = try c.decodeIfPresent(JSONValue.self, forKey: .auditConfig)
        auditConfigPath = try c.decodeIfPresent(String.self, forKey: .auditConfigPath)
        telemetryConfig = try c.decodeIfPresent(JSONValue.self, forKey: .telemetryConfig)
        toolsFilter = try c.decodeIfPresent([String].self, forKey: .toolsFilter) ?? []
        toolsOverride = try c.decodeIfPresent([String: ToolOverrideSpec].self, forKey: .toolsOverride) ?? [:]
        tokenExchangeConfig = try c.decodeIfPresent(TokenExchangeConfig.self, forKey: .tokenExchangeConfig)
        secrets = try c.decodeIfPresent([String].self, forKey: .secrets) ?? []
        k8sPodTemplatePatch = try c.decodeIfPresent(String.self, forKey: .k8sPodTemplatePatch)
        isolateNetwork = try c.decodeIfPresent(Bool.self, forKey: .isolateNetwork)
        trustProxyHeaders = try c.decodeIfPresent(Bool.self, forKey: .trustProxyHeaders)
        proxyMode = try c.decodeIfPresent(String.self, forKey: .proxyMode)
        thvCABundle = try c.decodeIfPresent(String.self, forKey: .thvCABundle)
        jwksAuthTokenFile = try c.decodeIfPresent(String.self, forKey: .jwksAuthTokenFile)
        group = try c.decodeIfPresent(String.self, forKey: .group)
        ignoreConfig = try c.decodeIfPresent(JSONValue.self, forKey: .ignoreConfig)
        middlewareConfigs = try c.decodeIfPresent([MiddlewareConfig].self, forKey: .middlewareConfigs) ?? []
        endpointPrefix = try c.decodeIfPresent(String.self, forKey: .endpointPrefix)
        allowLoaderEnv = try c.decodeIfPresent(Bool.self, forKey: .allowLoaderEnv)
        sandbox = try c.decodeIfPresent(String.self, forKey: .sandbox)
        allowInstallScripts = try c.decodeIfPresent(Bool.self, forKey: .allowInstallScripts)
        proxyAuth = try c.decodeIfPresent(String.self, forKey: .proxyAuth)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(image, forKey: .image)
        try c.encodeNonEmpty(remoteURL, forKey: .remoteURL)
        try c.encodeIfPresent(remoteAuthConfig, forKey: .remoteAuthConfig)
        try c.encodeNonEmpty(cmdArgs, forKey: .cmdArgs)
        try c.encode(name, forKey: .name)
        try c.encodeNonEmpty(containerName, forKey: .containerName)
        try c.encodeNonEmpty(baseName, forKey: .baseName)
        try c.encode(transport, forKey: .transport)
        try c.encode(host, forKey: .host)
        try c.encode(port, forKey: .port)
        try c.encodeNonZero(targetPort, forKey: .targetPort)
        try c.encodeNonEmpty(targetHost, forKey: .targetHost)
        try c.encodeNonEmpty(permissionProfileNameOrPath, forKey: .permissionProfileNameOrPath)
        try c.encode(permissionProfile, forKey: .permissionProfile)
        try c.encodeNonEmpty(envVars, forKey: .envVars)
        try c.encodeNonEmpty(envFileDir, forKey: .envFileDir)
        try c.encodeTrue(debug, forKey: .debug)
        try c.encodeNonEmpty(volumes, forKey: .volumes)
        try c.encodeNonEmpty(containerLabels, forKey: .containerLabels)
        try c.encodeIfPresent(oidcConfig, forKey: .oidcConfig)
        try c.encodeIfPresent(authzConfig, forKey: .authzConfig)
        try c.encodeNonEmpty(authzConfigPath, forKey: .authzConfigPath)
        try c.encodeIfPresent(auditConfig, forKey: .auditConfig)
        try c.encodeNonEmpty(auditConfigPath, forKey: .auditConfigPath)
        try c.encodeIfPresent(telemetryConfig, forKey: .telemetryConfig)
        try c.encodeNonEmpty(toolsFilter, forKey: .toolsFilter)
        try c.encodeNonEmpty(toolsOverride, forKey: .toolsOverride)
        try c.encodeIfPresent(tokenExchangeConfig, forKey: .tokenExchangeConfig)
        try c.encodeNonEmpty(secrets, forKey: .secrets)
        try c.encodeNonEmpty(k8sPodTemplatePatch, forKey: .k8sPodTemplatePatch)
        try c.encodeTrue(isolateNetwork, forKey: .isolateNetwork)
        try c.encodeTrue(trustProxyHeaders, forKey: .trustProxyHeaders)
        try c.encodeNonEmpty(proxyMode, forKey: .proxyMode)
        try c.encodeNonEmpty(thvCABundle, forKey: .thvCABundle)
        try c.encodeNonEmpty(jwksAuthTokenFile, forKey: .jwksAuthTokenFile)
        try c.encodeNonEmpty(group, forKey: .group)
        try c.encodeIfPresent(ignoreConfig, forKey: .ignoreConfig)
        try c.encodeNonEmpty(middlewareConfigs, forKey: .middlewareConfigs)
        try c.encodeNonEmpty(endpointPrefix, forKey: .endpointPrefix)
        try c.encodeTrue(allowLoaderEnv, forKey: .allowLoaderEnv)
        try c.encodeNonEmpty(sandbox, forKey: .sandbox)
        try c.encodeTrue(allowInstallScripts, forKey: .allowInstallScripts)
        try c.encodeNonEmpty(proxyAuth, forKey: .proxyAuth)
    }
}

extension KeyedEncodingContainer {
    /// Writes `value` unless it is nil or empty (Go's `omitempty`).
    mutating func encodeNonEmpty<T: Encodable & Collection>(_ value: T?, forKey key: Key) throws {
        guard let value, !value.isEmpty else { return }
        try encode(value, forKey: key)
    }

    /// Writes `value` unless it is nil or zero.
    mutating func encodeNonZero(_ value: Int?, forKey key: Key) throws {
        guard let value, value != 0 else { return }
        try encode(value, forKey: key)
    }

    /// Writes `value` only when it is true (Go's `omitempty` on a bool).
    mutating func encodeTrue(_ value: Bool?, forKey key: Key) throws {
        guard value == true else { return }
        try encode(true, forKey: key)
    }
}
