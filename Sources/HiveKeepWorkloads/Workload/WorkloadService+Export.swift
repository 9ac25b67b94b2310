import HiveKeepCore
import HiveKeepRegistry

/// Export: the saved run configuration, refused when any field that carries a secret holds a value instead of a
/// reference. The check is by structure (the registry's `secret` flags, the OAuth and token-exchange secret fields,
/// and the same fields inside `middleware_configs`) and by the names of credential-looking variables
/// (``CredentialVariables``), never by guessing from values.
extension WorkloadService {
    /// The run configuration of `name`, checked to carry no secret value.
    ///
    /// - Throws: 404 for an unknown workload; `.conflict` (409) when a secret-bearing field holds a value;
    ///   `.unavailable` (503) when the registry cannot be read, since then its secret variables are not known.
    public func exportRunConfig(_ name: String) async throws -> RunConfig {
        let config = try config(name)
        let secretVariables = try await registrySecretVariables(for: config, purpose: "exported")
        if let field = ExportCheck.secretValueField(in: config, secretVariables: secretVariables) {
            throw HiveKeepError(
                .conflict,
                "workload \(name) cannot be exported: \(field) holds a secret value; store it in the secrets provider "
                    + "and reference it instead")
        }
        return config
    }

    /// The variables that the registry entry `config` was made from marks secret.
    ///
    /// Fails closed: when the registry cannot be read, the answer is a 503 rather than an empty set, which would let
    /// a registry-marked secret pass as a plain variable.
    func registrySecretVariables(for config: RunConfig, purpose: String) async throws -> Set<String> {
        let document: RegistryDocument
        do {
            document = try await registry.registry(named: RegistryService.defaultName).document
        } catch {
            throw HiveKeepError(
                .unavailable,
                "the run configuration cannot be \(purpose) now: the registry cannot be read, so HiveKeep cannot tell "
                    + "which of its environment variables are secret; fix the registry setting and try again",
                cause: error)
        }
        return ExportCheck.secretVariables(of: config, in: document)
    }
}

/// Finds a field of a run configuration that holds a secret value rather than a `name,target=` reference.
public enum ExportCheck {
    /// The first such field, named for the error message (never its value); nil when there is none.
    ///
    /// The fields: `env_vars` entries that the registry marks secret (`secretVariables`) or that have a non-empty
    /// value under a credential-looking name (``CredentialVariables``); `oidc_config.ClientSecret`
    /// (ToolHive has no reference form for it, so any value); `remote_auth_config.client_secret` and `bearer_token`,
    /// `token_exchange_config.client_secret`, unless in reference form; and the same OIDC and token-exchange secrets
    /// inside the parameters of `middleware_configs` entries (`{"oidc_config": {"ClientSecret": ...}}` of `auth`,
    /// `{"token_exchange_config": {"client_secret": ...}}` of `tokenexchange`), whose keys ToolHive matches
    /// case-insensitively, so this does too.
    public static func secretValueField(in config: RunConfig, secretVariables: Set<String>) -> String? {
        let secretVariable = { (name: String) in
            secretVariables.contains(name)
                || (CredentialVariables.looksSecret(name) && config.envVars[name]?.isEmpty == false)
        }
        if let variable = config.envVars.keys.sorted().first(where: secretVariable) {
            return "env_vars.\(variable)"
        }
        if let secret = config.oidcConfig?.clientSecret, !secret.isEmpty {
            return "oidc_config.ClientSecret"
        }
        if let auth = config.remoteAuthConfig {
            if let value = auth.clientSecret, !value.isEmpty, !isReference(value) {
                return "remote_auth_config.client_secret"
            }
            if let value = auth.bearerToken, !value.isEmpty, !isReference(value) {
                return "remote_auth_config.bearer_token"
            }
        }
        if let value = config.tokenExchangeConfig?.clientSecret, !value.isEmpty, !isReference(value) {
            return "token_exchange_config.client_secret"
        }
        for (index, middleware) in config.middlewareConfigs.enumerated() {
            let prefix = "middleware_configs[\(index)].parameters"
            if oidcClientSecrets(in: middleware).contains(where: { !isEmpty($0) }) {
                return "\(prefix).oidc_config.ClientSecret"
            }
            if tokenExchangeClientSecrets(in: middleware).contains(where: { !isEmpty($0) && !isReference($0) }) {
                return "\(prefix).token_exchange_config.client_secret"
            }
        }
        return nil
    }

    /// The names of the environment variables that the registry entries `config` runs mark secret: local servers
    /// with the same image, remote servers with the same URL.
    public static func secretVariables(of config: RunConfig, in document: RegistryDocument) -> Set<String> {
        var names: Set<String> = []
        for server in document.servers.values where server.image == config.image && !config.image.isEmpty {
            names.formUnion((server.envVars ?? []).filter { $0.secret == true }.map(\.name))
        }
        if let url = config.remoteURL, !url.isEmpty {
            for server in document.remoteServers.values where server.url == url {
                names.formUnion((server.envVars ?? []).filter { $0.secret == true }.map(\.name))
            }
        }
        return names
    }

    /// The token-exchange client secrets in reference form inside `middleware_configs` entries.
    static func middlewareSecretReferences(of config: RunConfig) -> [SecretReference] {
        config.middlewareConfigs.flatMap(tokenExchangeClientSecrets(in:)).compactMap { value in
            guard case .string(let text) = value else { return nil }
            return try? SecretReference(parsing: text)
        }
    }

    /// `parameters.oidc_config.ClientSecret` of a middleware entry (the `auth` middleware's parameters).
    static func oidcClientSecrets(in middleware: MiddlewareConfig) -> [JSONValue] {
        members(members(middleware.parameters.map { [$0] } ?? [], "oidc_config"), "ClientSecret")
    }

    /// `parameters.token_exchange_config.client_secret` of a middleware entry (the `tokenexchange` middleware's).
    static func tokenExchangeClientSecrets(in middleware: MiddlewareConfig) -> [JSONValue] {
        members(members(middleware.parameters.map { [$0] } ?? [], "token_exchange_config"), "client_secret")
    }

    /// Every member of the objects in `values` whose key equals `key` but for case. Go's decoder takes an exact
    /// match or the last key that matches but for case, and the order of keys is lost here, so all of them count.
    private static func members(_ values: [JSONValue], _ key: String) -> [JSONValue] {
        let lowered = key.lowercased()
        return values.flatMap { value -> [JSONValue] in
            guard case .object(let members) = value else { return [] }
            return members.keys.sorted().filter { $0.lowercased() == lowered }.compactMap { members[$0] }
        }
    }

    /// Whether a JSON value carries nothing: null, an empty string. Anything else (a string, or a value of another
    /// type that ToolHive would refuse to read) counts as a value.
    private static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .string(let text): text.isEmpty
        default: false
        }
    }

    private static func isReference(_ value: JSONValue) -> Bool {
        guard case .string(let text) = value else { return false }
        return isReference(text)
    }

    static func isReference(_ value: String) -> Bool {
        (try? SecretReference(parsing: value)) != nil
    }
}
