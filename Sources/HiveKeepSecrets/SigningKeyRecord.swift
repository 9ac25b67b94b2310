/// The reserved record of the secrets store that holds HiveKeep's signing key.
///
/// In the vault it is an entry under ``vaultKey``, a name that contains `=` and so can never be a secret's name
/// (``SecretKeyName`` refuses it, and a workload's `name,target=ENV` reference cannot spell it): the secrets API
/// cannot get, create, update or delete it, ``EncryptedProvider`` leaves it out of `list` and keeps it on `cleanup`.
/// In the keyring it is an item of kind `signing-key` (``keyringKey`` in this installation's store), which the
/// keyring provider never searches, reads or clears. The value is opaque to this module; `HiveKeepSigning` stores
/// the Ed25519 seed as base64 text, so that a keyring item can hold it.
public enum SigningKeyRecord {
    /// The record's key in the vault (and in audit records).
    public static let vaultKey = "hivekeep=signing-key"
    /// The `key` attribute of the record's keyring item (kind `signing-key`).
    public static let keyringKey = "ed25519"

    /// Whether `key` names the reserved record rather than a secret.
    public static func isReserved(_ key: String) -> Bool {
        key == vaultKey
    }
}
