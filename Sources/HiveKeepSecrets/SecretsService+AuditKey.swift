import HiveKeepCore
import HiveKeepVault
import Keyring
import Sodium

/// The audit log's MAC key (``AuditKeyRecord``), a reserved record of the configured provider, created the first time
/// a provider that can hold it is opened. Creating it is audited (that record is the last unkeyed one); from then on
/// ``AuditLog`` keys every record.
extension SecretsService {
    /// Reads the audit key from `provider` (creating it when `create` and missing) and hands it to the audit log.
    /// The read-only `environment` provider cannot hold it: the log stays as it is (unkeyed records, if any keyed
    /// ones exist, make `verify` name the first of them).
    func loadAuditKey(_ provider: any SecretsProvider, type: SecretsProviderType, create: Bool) async throws {
        let text: SecureBytes?
        switch provider {
        case let vault as EncryptedProvider:
            text = try await auditKeyInVault(vault, type: type, create: create)
        case is KeyringProvider:
            text = try await auditKeyInKeyring(type: type, create: create)
        default:
            return
        }
        guard let text else { return }
        let key = try SecureBytes.decodingBase64(text)
        guard key.count == AuditKeyRecord.length else {
            throw HiveKeepError(.corruptState, "the audit key record of the secrets store is not a 32-byte key")
        }
        dependencies.audit.key.set(key)
    }

    /// The audit log this service records to.
    public nonisolated var auditLog: AuditLog { dependencies.audit }

    /// The audit key of the configured provider, without creating it; nil when it has none or cannot hold one.
    public func auditKey() async throws -> SecureBytes? {
        let type = try await describe().type
        try await loadAuditKey(try await provider(), type: type, create: false)
        return dependencies.audit.key.current
    }

    private func auditKeyInVault(_ vault: EncryptedProvider, type: SecretsProviderType, create: Bool) async throws
        -> SecureBytes?
    {
        let context = SecretsCallContext(caller: "hivekeep", audit: dependencies.audit)
        return try await Blocking.run {
            do {
                if let existing = try vault.vault.read().value(AuditKeyRecord.vaultKey) { return existing }
                guard create else { return nil }
                let fresh = try SecureBytes.random(count: AuditKeyRecord.length).base64Encoded()
                return try vault.vault.update { contents -> SecureBytes in
                    if let existing = try contents.value(AuditKeyRecord.vaultKey) { return existing }
                    try context.record(.create, key: AuditKeyRecord.vaultKey, provider: type, outcome: .ok)
                    try contents.set(AuditKeyRecord.vaultKey, fresh)
                    return fresh
                }
            } catch {
                throw VaultError.mapped(error)
            }
        }
    }

    private func auditKeyInKeyring(type: SecretsProviderType, create: Bool) async throws -> SecureBytes? {
        let item = KeyringItemAttributes(kind: .signingKey, store: storeID, key: AuditKeyRecord.keyringKey)
        do {
            if let existing = try await dependencies.keyring.lookup(item, { try SecureBytes(copying: $0) }) {
                return existing
            }
        } catch {
            throw HiveKeepError.fromKeyring(error)
        }
        guard create else { return nil }
        let fresh = try SecureBytes.random(count: AuditKeyRecord.length).base64Encoded()
        return try await Self.storeInKeyring(
            fresh, item: item, keyring: dependencies.keyring, replace: false,
            context: SecretsCallContext(caller: "hivekeep", audit: dependencies.audit), type: type,
            recordName: AuditKeyRecord.vaultKey, label: "hivekeep audit key")
    }
}
