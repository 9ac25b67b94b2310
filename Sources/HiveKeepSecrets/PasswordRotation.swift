/// What a vault password rotation did, and what is left for the operator.
public enum PasswordRotation: Sendable, Hashable {
    /// The vault is re-encrypted and the keyring entry holds the new password.
    case keyringUpdated
    /// The vault is re-encrypted; the password's source (a file or a variable) must now be changed to the new
    /// password, which HiveKeep cannot do. Until then the old source no longer opens the vault.
    case changeSource(VaultPasswordSource.Origin)
}
