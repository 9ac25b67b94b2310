import HiveKeepCore

/// A workload's definition as the API takes it on create and edit, and returns it on get (the reference's
/// `createRequest`). Unknown fields are ignored; every field is optional on the wire.
public struct WorkloadRequest: Codable, Sendable, Hashable {
    public var name: String?
    public var image: String?
    public var url: String?
    public var transport: String?
    public var proxyMode: String?
    public var host: String?
    public var proxyPort: Int?
    public var targetPort: Int?
    public var cmdArguments: [String]?
    public var envVars: [String: String]?
    public var secrets: [SecretReference]?
    public var volumes: [String]?
    public var permissionProfile: PermissionProfile?
    public var networkIsolation: Bool?
    public var trustProxyHeaders: Bool?
    public var tools: [String]?
    public var toolsOverride: [String: ToolOverrideSpec]?
    public var authzConfig: String?
    public var oidc: JSONValue?
    public var oauthConfig: JSONValue?
    public var headers: JSONValue?
    public var group: String?
    /// HiveKeep extension: allow loader variables (`LD_*` and the like) in `env_vars` (admin only).
    public var allowLoaderEnv: Bool?
    /// HiveKeep extension: `"none"` runs an `exec://` server unsandboxed (admin only); `"bubblewrap"` (the default)
    /// sandboxes it.
    public var sandbox: String?
    /// HiveKeep extension: let npm run the package's install scripts for an `npx://` workload (off by default).
    public var allowInstallScripts: Bool?
    /// HiveKeep extension: `none` opts the workload's proxy out of authentication (loopback only); absent or
    /// `token` keeps the default (the proxy token, and the OIDC issuer's JWTs when `oidc` is set).
    public var proxyAuth: String?

    public init(name: String? = nil, image: String? = nil, url: String? = nil) {
        self.name = name
        self.image = image
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case name, image, url, transport
        case proxyMode = "proxy_mode"
        case host
        case proxyPort = "proxy_port"
        case targetPort = "target_port"
        case cmdArguments = "cmd_arguments"
        case envVars = "env_vars"
        case secrets, volumes
        case permissionProfile = "permission_profile"
        case networkIsolation = "network_isolation"
        case trustProxyHeaders = "trust_proxy_headers"
        case tools
        case toolsOverride = "tools_override"
        case authzConfig = "authz_config"
        case oidc
        case oauthConfig = "oauth_config"
        case headers, group
        case allowLoaderEnv = "allow_loader_env"
        case sandbox
        case allowInstallScripts = "allow_install_scripts"
        case proxyAuth = "proxy_auth"
    }
}

/// The answer to create and edit: the workload and its proxy port.
public struct WorkloadCreated: Codable, Sendable, Hashable {
    public var name: String
    public var port: Int

    public init(name: String, port: Int) {
        self.name = name
        self.port = port
    }
}
