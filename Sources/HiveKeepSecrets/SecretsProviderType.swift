/// The kinds of secrets provider HiveKeep can be set up with.
public enum SecretsProviderType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A libsodium-encrypted vault file (`$XDG_DATA_HOME/hivekeep/secrets.vault`).
    case encrypted
    /// One Secret Service item per secret in the login keyring, through libsecret.
    case keyring
    /// Read-only: `TOOLHIVE_SECRET_<name>`, then `HIVEKEEP_SECRET_<name>`.
    case environment
}
