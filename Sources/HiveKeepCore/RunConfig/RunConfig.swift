/// A workload's complete run configuration, in the JSON form ToolHive's `runner.RunConfig` code writes
/// (`schema_version` `v0.1.0`), so that a HiveKeep export is a ToolHive import and the other way round.
///
/// Secrets are only ever references (`name,target=ENV`): see ``SecretReference``. Sub-objects HiveKeep does not act
/// on (authorization, audit, telemetry, middleware parameters) are kept verbatim as ``JSONValue``.
public struct RunConfig: Codable, Sendable, Hashable {
    /// The format version HiveKeep writes and reads.
    public static let schemaVersion = "v0.1.0"

    public var schemaVersion: String = RunConfig.schemaVersion
    public var image: String = ""
    public var remoteURL: String?
    public var remoteAuthConfig: RemoteAuthConfig?
    public var cmdArgs: [String] = []
    public var name: String = ""
    public var containerName: String?
    public var baseName: String?
    public var transport: String = "stdio"
    public var host: String = "127.0.0.1"
    public var port: Int = 0
    public var targetPort: Int?
    public var targetHost: String?
    public var permissionProfileNameOrPath: String?
    public var permissionProfile: PermissionProfile?
    public var envVars: [String: String] = [:]
    public var envFileDir: String?
    public var debug: Bool?
    public var volumes: [String] = []
    public var containerLabels: [String: String] = [:]
    public var oidcConfig: OIDCConfig?
    public var authzConfig: JSONValue?
    public var authzConfigPath: String?
    public var auditConfig: JSONValue?
    public var auditConfigPath: String?
    public var telemetryConfig: JSONValue?
    public var toolsFilter: [String] = []
    public var toolsOverride: [String: ToolOverrideSpec] = [:]
    public var tokenExchangeConfig: TokenExchangeConfig?
    public var secrets: [String] = []
    public var k8sPodTemplatePatch: String?
    public var isolateNetwork: Bool?
    public var trustProxyHeaders: Bool?
    public var proxyMode: String?
    public var thvCABundle: String?
    public var jwksAuthTokenFile: String?
    public var group: String?
    public var ignoreConfig: JSONValue?
    public var middlewareConfigs: [MiddlewareConfig] = []
    public var endpointPrefix: String?
    /// HiveKeep extension (`allow_loader_env`): an admin allowed loader variables (`LD_*` and the like) in this
    /// workload's environment. They still reach only the server, inside its sandbox.
    public var allowLoaderEnv: Bool?
    /// HiveKeep extension (`sandbox`): `"none"` runs an `exec://` server without bubblewrap (an admin's explicit
    /// opt-out); nil or `"bubblewrap"` sandboxes it. `uvx://` and `npx://` servers are always sandboxed.
    public var sandbox: String?
    /// HiveKeep extension (`allow_install_scripts`): npm runs the package's install scripts for an `npx://`
    /// workload (in the install sandbox). Off by default (`npm install --ignore-scripts`).
    public var allowInstallScripts: Bool?
    /// HiveKeep extension: `none` when the workload's proxy explicitly serves clients without authentication
    /// (loopback only); absent means the proxy requires its token (the default).
    public var proxyAuth: String?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case schemaVersion = "schema_version"
        case image
        case remoteURL = "remote_url"
        case remoteAuthConfig = "remote_auth_config"
        case cmdArgs = "cmd_args"
        case name
        case containerName = "container_name"
        case baseName = "base_name"
        case transport, host, port
        case targetPort = "target_port"
        case targetHost = "target_host"
        case permissionProfileNameOrPath = "permission_profile_name_or_path"
        case permissionProfile = "permission_profile"
        case envVars = "env_vars"
        case envFileDir = "env_file_dir"
        case debug, volumes
        case containerLabels = "container_labels"
        case oidcConfig = "oidc_config"
        case authzConfig = "authz_config"
        case authzConfigPath = "authz_config_path"
        case auditConfig = "audit_config"
        case auditConfigPath = "audit_config_path"
        case telemetryConfig = "telemetry_config"
        case toolsFilter = "tools_filter"
        case toolsOverride = "tools_override"
        case tokenExchangeConfig = "token_exchange_config"
        case secrets
        case k8sPodTemplatePatch = "k8s_pod_template_patch"
        case isolateNetwork = "isolate_network"
        case trustProxyHeaders = "trust_proxy_headers"
        case proxyMode = "proxy_mode"
        case thvCABundle = "thv_ca_bundle"
        case jwksAuthTokenFile = "jwks_auth_token_file"
        case group
        case ignoreConfig = "ignore_config"
        case middlewareConfigs = "middleware_configs"
        case endpointPrefix = "endpoint_prefix"
        case allowLoaderEnv = "allow_loader_env"
        case sandbox
        case allowInstallScripts = "allow_install_scripts"
        case proxyAuth = "proxy_auth"
    }
}
