import HiveKeepCore

/// Environment variables whose names look like credentials: `*_TOKEN`, `*_SECRET`, `*_PASSWORD`, `*_KEY` and
/// `Authorization`, compared without regard to case. Their values are kept only in the secrets provider, as for the
/// variables the registry marks secret: create and edit move them there, export and import refuse them in clear.
public enum CredentialVariables {
    /// The name endings that mark a credential.
    public static let suffixes = ["_TOKEN", "_SECRET", "_PASSWORD", "_KEY"]

    /// Whether a variable called `name` holds a credential by its name.
    public static func looksSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return upper == "AUTHORIZATION" || suffixes.contains { upper.hasSuffix($0) }
    }
}

extension WorkloadBuilder {
    /// Moves the non-empty values of credential-looking variables (``CredentialVariables``) out of `env_vars`: each
    /// becomes a pending secret `<workload>-<variable in lower case>` and a reference to it, replacing any reference
    /// the request gave for the same variable. Runs after the registry's rules, which have moved the marked ones.
    func moveCredentials(in config: inout RunConfig, pending: inout [PendingSecret]) {
        var references = config.secrets.compactMap { try? SecretReference(parsing: $0) }
        for variable in config.envVars.keys.sorted() where CredentialVariables.looksSecret(variable) {
            guard let value = config.envVars[variable], !value.isEmpty else { continue }
            config.envVars[variable] = nil
            let key = "\(name)-\(variable.lowercased())"
            pending.append(PendingSecret(key: key, variable: variable, value: value, reason: .credentialName))
            references.removeAll { $0.target == variable }
            references.append(SecretReference(name: key, target: variable))
        }
        config.secrets = references.map(\.stored)
    }
}
