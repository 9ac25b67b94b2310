import HiveKeepCore
import HiveKeepRegistry

/// Export: the saved run configuration, refused when any field that carries a secret holds a value instead of a
/// reference. The check is by structure (the registry's `secret` flags, the OAuth and token-exchange secret fields),
/// never by guessing from names or values.
extension WorkloadService {
    /// The run configuration of `name`, checked to carry no secret value.
    public func exportRunConfig(_ name: String) async throws -> RunConfig {
        let config = try config(name)
        let secretVariables = try await registrySecretVariables(for: config)
        if let field = ExportCheck.secretValueField(in: config, secretVariables: secretVariables) {
            throw HiveKeepError(
                .conflict,
                "workload \(name) cannot be exported: \(field) holds a secret value; store it in the secrets provider "
                    + "and reference it instead")
        }
        return config
    }

    /// The variables the registry entry this workload was made from marks secret.
    private func registrySecretVariables(for config: RunConfig) async throws -> Set<String> {
        guard let document = try? await registry.registry(named: RegistryService.defaultName).document else {
            return []
        }
        var names: Set<String> = []
        for server in document.servers.values where server.image == config.image && !config.image.isEmpty {
            names.formUnion((server.envVars ?? []).filter { $0.secret == true }.map(\.name))
        }
        for server in document.remoteServers.values where server.url == config.remoteURL {
            names.formUnion((server.envVars ?? []).filter { $0.secret == true }.map(\.name))
        }
        return names
    }
}

/// Finds a field of a run configuration that holds a secret value rather than a `name,target=` reference.
public enum ExportCheck {
    /// The first such field, named for the error message (never its value); nil when there is none.
    public static func secretValueField(in config: RunConfig, secretVariables: Set<String>) -> String? {
        if let variable = config.envVars.keys.sorted().first(where: secretVariables.contains) {
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
        return nil
    }

    static func isReference(_ value: String) -> Bool {
        (try? SecretReference(parsing: value)) != nil
    }
}
