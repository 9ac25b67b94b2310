import Sodium
import Synchronization

/// The audit log's MAC key as this process knows it: nil until ``SecretsService`` has read (or created) the reserved
/// record ``AuditKeyRecord`` from a provider that can hold it. Records written while it is nil are unkeyed.
public final class AuditKey: Sendable {
    private let key = Mutex<SecureBytes?>(nil)

    public init(_ initial: SecureBytes? = nil) {
        key.withLock { $0 = initial }
    }

    /// The key, or nil when it is not known.
    public var current: SecureBytes? { key.withLock { $0 } }

    /// Sets the key once read from the secrets store.
    public func set(_ value: SecureBytes?) {
        key.withLock { $0 = value }
    }
}

/// The reserved record of the secrets store that holds the audit log's MAC key: 32 random bytes, kept as base64 text
/// so that a keyring item can hold them.
///
/// In the vault it is an entry under ``vaultKey``, which contains `=` and so can never be a secret's name (as the
/// signing key's record, ``SigningKeyRecord``); in the keyring it is an item of kind `signing-key` with the `key`
/// attribute ``keyringKey``, which the keyring provider never searches, reads or clears.
public enum AuditKeyRecord {
    /// The record's key in the vault (and in audit records).
    public static let vaultKey = "hivekeep=audit-key"
    /// The `key` attribute of the record's keyring item (kind `signing-key`).
    public static let keyringKey = "audit-blake2b"
    /// The key's length in bytes.
    public static let length = 32
}

/// The names of the vault's reserved records, which are not secrets: never listed, never removed by cleanup.
public enum ReservedRecord {
    /// Whether `key` names a reserved record rather than a secret.
    public static func isReserved(_ key: String) -> Bool {
        SigningKeyRecord.isReserved(key) || key == AuditKeyRecord.vaultKey || OAuthRecord.isReserved(key)
    }
}
