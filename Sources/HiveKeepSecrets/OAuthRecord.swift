/// The reserved records of the secrets store that hold a remote workload's OAuth state: its tokens and its client
/// registration (dynamic or given), as JSON the runner writes and reads.
///
/// In the vault each is an entry under ``vaultKey(workload:kind:)``, a name that starts with `hivekeep=oauth/` and
/// so contains `=`, which ``SecretKeyName`` refuses: the secrets API cannot get, create, update or delete one,
/// ``EncryptedProvider`` leaves them out of `list` (and `cleanup`), and an export, which carries only a run
/// configuration, never holds them. In the keyring each is an item of kind `signing-key` (the kind of HiveKeep's
/// reserved items, beside the signing and audit keys) with the key ``keyringKey(workload:kind:)``, which the keyring
/// provider never searches, reads or clears.
public enum OAuthRecord {
    /// What a record holds.
    public enum Kind: String, Sendable, CaseIterable {
        /// The access and refresh tokens.
        case tokens
        /// The client registration (client id, and a client secret when the server issued one).
        case client
    }

    static let vaultPrefix = "hivekeep=oauth/"

    /// The record's key in the vault and in audit records.
    public static func vaultKey(workload: String, kind: Kind) -> String {
        "\(vaultPrefix)\(workload)/\(kind.rawValue)"
    }

    /// The `key` attribute of the record's keyring item.
    public static func keyringKey(workload: String, kind: Kind) -> String {
        "oauth/\(workload)/\(kind.rawValue)"
    }

    /// Whether `key` names one of these records rather than a secret.
    public static func isReserved(_ key: String) -> Bool {
        key.hasPrefix(vaultPrefix)
    }
}
