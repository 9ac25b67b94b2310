import HiveKeepCore

/// The contents of `config.yaml`: HiveKeep's settings, never a secret value.
public struct HiveKeepConfig: Codable, Sendable, Hashable {
    /// The version of this file's layout.
    public var schemaVersion: Int
    /// Secrets provider settings.
    public var secrets: SecretsSettings
    /// Custom registry settings; empty means the built-in registry.
    public var registry: RegistrySettings
    /// AI clients that HiveKeep writes workload entries for.
    public var clients: ClientSettings
    /// How `hivekeep serve` authenticates callers and listens (flags override it).
    public var auth: AuthSettings?
    /// The `container_runtime:` section (`socket`, `registry_auth`) as written: kept whole so that a rewrite of
    /// this file never drops it, and checked by its readers (`RegistryAuth` in HiveKeepWorkloads), so that a
    /// mistake in it fails image pulls with a clear message instead of every command.
    public var containerRuntime: JSONValue?

    public static let currentSchemaVersion = 1

    public init(
        schemaVersion: Int = HiveKeepConfig.currentSchemaVersion,
        secrets: SecretsSettings = .init(),
        registry: RegistrySettings = .init(),
        clients: ClientSettings = .init()
    ) {
        self.schemaVersion = schemaVersion
        self.secrets = secrets
        self.registry = registry
        self.clients = clients
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case secrets
        case registry
        case clients
        case auth
        case containerRuntime = "container_runtime"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.schemaVersion = try container.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 1
        self.secrets = try container.decodeIfPresent(SecretsSettings.self, forKey: .secrets) ?? .init()
        self.registry = try container.decodeIfPresent(RegistrySettings.self, forKey: .registry) ?? .init()
        self.clients = try container.decodeIfPresent(ClientSettings.self, forKey: .clients) ?? .init()
        self.auth = try container.decodeIfPresent(AuthSettings.self, forKey: .auth)
        self.containerRuntime = try container.decodeIfPresent(JSONValue.self, forKey: .containerRuntime)
    }

    /// Secrets provider settings.
    public struct SecretsSettings: Codable, Sendable, Hashable {
        /// `encrypted`, `keyring` or `environment`; nil until set up.
        public var providerType: String?

        public init(providerType: String? = nil) { self.providerType = providerType }

        enum CodingKeys: String, CodingKey {
            case providerType = "provider_type"
        }
    }

    /// Custom registry settings.
    public struct RegistrySettings: Codable, Sendable, Hashable {
        public var url: String?
        public var apiURL: String?
        public var localPath: String?
        public var allowPrivateIP: Bool?
        /// A PEM file of extra certificate authorities trusted when fetching a registry URL.
        public var caCertPath: String?

        public init(
            url: String? = nil, apiURL: String? = nil, localPath: String? = nil, allowPrivateIP: Bool? = nil,
            caCertPath: String? = nil
        ) {
            self.url = url
            self.apiURL = apiURL
            self.localPath = localPath
            self.allowPrivateIP = allowPrivateIP
            self.caCertPath = caCertPath
        }

        enum CodingKeys: String, CodingKey {
            case url
            case apiURL = "api_url"
            case localPath = "local_path"
            case allowPrivateIP = "allow_private_ip"
            case caCertPath = "ca_cert_path"
        }
    }

    /// AI-client registration settings.
    public struct ClientSettings: Codable, Sendable, Hashable {
        public var registeredClients: [String]

        public init(registeredClients: [String] = []) { self.registeredClients = registeredClients }

        enum CodingKeys: String, CodingKey {
            case registeredClients = "registered_clients"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.registeredClients = try container.decodeIfPresent([String].self, forKey: .registeredClients) ?? []
        }
    }
}

extension HiveKeepConfig {
    /// The `auth:` section: the API's authentication mode, OIDC settings, TLS files and extra host names.
    public struct AuthSettings: Codable, Sendable, Hashable {
        /// `token` (default), `oidc` or `none`.
        public var mode: String?
        public var oidc: OIDCSettings?
        public var tlsCert: String?
        public var tlsKey: String?
        public var allowedHosts: [String]?

        public init(mode: String? = nil, oidc: OIDCSettings? = nil) {
            self.mode = mode
            self.oidc = oidc
        }

        enum CodingKeys: String, CodingKey {
            case mode, oidc
            case tlsCert = "tls_cert"
            case tlsKey = "tls_key"
            case allowedHosts = "allowed_hosts"
        }

        /// OIDC settings, as `thv serve`'s flags name them.
        public struct OIDCSettings: Codable, Sendable, Hashable {
            public var issuer: String?
            public var audience: String?
            public var jwksURL: String?
            public var clientID: String?
            /// The claim holding the principal's groups (default `groups`).
            public var rolesClaim: String?
            /// Role name (`admin`, `operator`, `viewer`) to the claim values that grant it.
            public var roles: [String: [String]]?

            public init() {}

            enum CodingKeys: String, CodingKey {
                case issuer, audience
                case jwksURL = "jwks_url"
                case clientID = "client_id"
                case rolesClaim = "roles_claim"
                case roles
            }
        }
    }
}
