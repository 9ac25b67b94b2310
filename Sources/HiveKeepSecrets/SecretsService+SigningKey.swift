import HiveKeepCore
import HiveKeepVault
import Keyring
import Sodium

/// The signing key's reserved record (``SigningKeyRecord``), kept beside the secrets by the configured provider and
/// out of reach of the secrets API. Every read and write is audited under the record's name, never with its value.
extension SecretsService {
    /// The type of the configured provider, when it can hold the signing key.
    ///
    /// - Throws: `.conflict` saying that HiveKeep cannot sign when no provider is set up or it is the read-only
    ///   `environment` provider.
    public func signingKeyProviderType() async throws -> SecretsProviderType {
        try await writableProviderType(
            none: "cannot sign: no secrets provider is set up, and the signing key is kept in the secrets store; "
                + "set up the encrypted or keyring provider first (hivekeep secret setup encrypted|keyring)",
            readOnly: { type in
                "cannot sign: the \(type.rawValue) secrets provider is read-only, and the signing key must be kept "
                    + "in a writable secrets store; set up the encrypted or keyring provider (hivekeep secret setup)"
            })
    }

    /// The type of the configured provider when it can be written: the check shared by the reserved records
    /// (signing key, OAuth tokens), each with its own words for the two refusals.
    ///
    /// - Throws: `.conflict` with `none` when no provider is set up, with `readOnly(type)` when it cannot write.
    func writableProviderType(
        none: String, readOnly: (SecretsProviderType) -> String
    ) async throws -> SecretsProviderType {
        let type: SecretsProviderType
        do {
            type = try await describe().type
        } catch let error as HiveKeepError where error.code == .notFound {
            throw HiveKeepError(.conflict, none, cause: error)
        }
        guard Self.capabilities(of: type).canWrite else { throw HiveKeepError(.conflict, readOnly(type)) }
        return type
    }

    /// The signing key record in the configured provider, or nil when it has none.
    public func signingKeyRecord(caller: String) async throws -> SecureBytes? {
        let type = try await signingKeyProviderType()
        let value: SecureBytes?
        switch try await provider() {
        case let vault as EncryptedProvider:
            value = try await mappingVaultErrors {
                try vault.vault.read().value(SigningKeyRecord.vaultKey)
            }
        case is KeyringProvider:
            value = try await mappingKeyringErrors {
                try await dependencies.keyring.lookup(signingKeyItem) { try SecureBytes(copying: $0) }
            }
        default:
            throw HiveKeepError(.internalError, "the \(type.rawValue) provider cannot hold the signing key")
        }
        try await recordSigningKey(.get, type: type, outcome: value == nil ? .notFound : .ok, caller: caller)
        return value
    }

    /// Stores `value` as the signing key record unless one exists, and returns the record now in the store: `value`,
    /// or the record that was there first (so that two processes creating the key at once agree on one in the vault).
    public func createSigningKeyRecord(_ value: SecureBytes, caller: String) async throws -> SecureBytes {
        try await writeSigningKeyRecord(value, replace: false, caller: caller)
    }

    /// Stores `value` as the signing key record, replacing any previous one (a new signing identity).
    public func replaceSigningKeyRecord(_ value: SecureBytes, caller: String) async throws {
        _ = try await writeSigningKeyRecord(value, replace: true, caller: caller)
    }

    private func writeSigningKeyRecord(
        _ value: SecureBytes, replace: Bool, caller: String
    ) async throws -> SecureBytes {
        let type = try await signingKeyProviderType()
        let operation: AuditOperation = replace ? .update : .create
        let context = SecretsCallContext(caller: RequestCaller.auditName(for: caller), audit: dependencies.audit)
        switch try await provider() {
        case let vault as EncryptedProvider:
            return try await mappingVaultErrors {
                try vault.vault.update { contents -> SecureBytes in
                    if !replace, let existing = try contents.value(SigningKeyRecord.vaultKey) {
                        try context.record(
                            operation, key: SigningKeyRecord.vaultKey, provider: type, outcome: .alreadyExists)
                        return existing
                    }
                    try context.record(operation, key: SigningKeyRecord.vaultKey, provider: type, outcome: .ok)
                    try contents.set(SigningKeyRecord.vaultKey, value)
                    return value
                }
            }
        case is KeyringProvider:
            guard value.isKeyringText else {
                throw HiveKeepError.invalid("the signing key record must be text to be kept in the keyring")
            }
            return try await storeSigningKeyInKeyring(value, replace: replace, type: type, caller: caller)
        default:
            throw HiveKeepError(.internalError, "the \(type.rawValue) provider cannot hold the signing key")
        }
    }

    /// Check and store are two D-Bus calls; the per-process lock makes them atomic here, and reading the item back
    /// afterwards returns whichever store won a race with another process.
    private func storeSigningKeyInKeyring(
        _ value: SecureBytes, replace: Bool, type: SecretsProviderType, caller: String
    ) async throws -> SecureBytes {
        try await Self.storeInKeyring(
            value, item: signingKeyItem, keyring: dependencies.keyring, replace: replace,
            context: SecretsCallContext(caller: RequestCaller.auditName(for: caller), audit: dependencies.audit),
            type: type)
    }

    /// Stores `value` as the reserved keyring `item` (unless one exists and not `replace`), audited under
    /// `recordName`, and returns the item's value as read back.
    nonisolated static func storeInKeyring(
        _ value: SecureBytes, item: KeyringItemAttributes, keyring: Keyring, replace: Bool,
        context: SecretsCallContext, type: SecretsProviderType, recordName: String = SigningKeyRecord.vaultKey,
        label: String = "hivekeep signing key"
    ) async throws -> SecureBytes {
        let record: @Sendable (AuditOperation, AuditOutcome) async throws -> Void = { operation, outcome in
            try await Blocking.run {
                try context.record(operation, key: recordName, provider: type, outcome: outcome)
            }
        }
        return try await KeyringKeyLock.shared.withLock("\(item.store)/\(item.kind.rawValue)") {
            do {
                if !replace, let existing = try await keyring.lookup(item, { try SecureBytes(copying: $0) }) {
                    try await record(.create, .alreadyExists)
                    return existing
                }
                try await record(replace ? .update : .create, .ok)
                try await keyring.store(item, label: label, secret: KeyringSecretView(bytes: value))
                guard let stored = try await keyring.lookup(item, { try SecureBytes(copying: $0) }) else {
                    throw HiveKeepError(.unavailable, "the \(label) was stored in the keyring but cannot be read back")
                }
                return stored
            } catch {
                throw HiveKeepError.fromKeyring(error)
            }
        }
    }

    private var signingKeyItem: KeyringItemAttributes {
        KeyringItemAttributes(kind: .signingKey, store: storeID, key: SigningKeyRecord.keyringKey)
    }

    private func recordSigningKey(
        _ operation: AuditOperation, type: SecretsProviderType, outcome: AuditOutcome, caller: String
    ) async throws {
        let context = SecretsCallContext(caller: RequestCaller.auditName(for: caller), audit: dependencies.audit)
        try await Blocking.run {
            try context.record(operation, key: SigningKeyRecord.vaultKey, provider: type, outcome: outcome)
        }
    }

    /// Runs vault work off the caller and maps its errors (shared with the OAuth records).
    func mappingVaultErrors<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await Blocking.run(work)
        } catch {
            throw VaultError.mapped(error)
        }
    }

    /// Maps keyring errors to HiveKeep errors (shared with the OAuth records).
    func mappingKeyringErrors<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch {
            throw HiveKeepError.fromKeyring(error)
        }
    }
}
