import HiveKeepCore
import HiveKeepVault
import Keyring
import Sodium

/// A remote workload's OAuth records (``OAuthRecord``), kept by the configured provider beside the secrets and out of
/// reach of the secrets API. The workload's runner reads and writes them; deleting the workload deletes them. Every
/// read and write is audited under the record's name, never with its value.
extension SecretsService {
    /// The record, or nil when there is none.
    /// - Throws: `.conflict` when no writable provider is set up (OAuth needs one to keep its tokens).
    public func oauthRecord(workload: String, kind: OAuthRecord.Kind, caller: String) async throws -> SecureBytes? {
        let type = try await oauthProviderType()
        let name = OAuthRecord.vaultKey(workload: workload, kind: kind)
        let value: SecureBytes?
        switch try await provider() {
        case let vault as EncryptedProvider:
            value = try await mappingVaultErrors { try vault.vault.read().value(name) }
        case is KeyringProvider:
            value = try await mappingKeyringErrors {
                try await dependencies.keyring.lookup(oauthItem(workload, kind)) { try SecureBytes(copying: $0) }
            }
        default:
            throw HiveKeepError(.internalError, "the \(type.rawValue) provider cannot hold OAuth tokens")
        }
        try await Blocking.run { [context = oauthContext(caller)] in
            try context.record(.get, key: name, provider: type, outcome: value == nil ? .notFound : .ok)
        }
        return value
    }

    /// Stores `value` as the record, replacing any previous one.
    public func setOAuthRecord(_ value: SecureBytes, workload: String, kind: OAuthRecord.Kind, caller: String)
        async throws
    {
        let type = try await oauthProviderType()
        let name = OAuthRecord.vaultKey(workload: workload, kind: kind)
        let context = oauthContext(caller)
        switch try await provider() {
        case let vault as EncryptedProvider:
            try await mappingVaultErrors {
                try vault.vault.update { contents in
                    try context.record(.update, key: name, provider: type, outcome: .ok)
                    try contents.set(name, value)
                }
            }
        case is KeyringProvider:
            guard value.isKeyringText else { throw HiveKeepError.invalid("an OAuth record must be text") }
            _ = try await Self.storeInKeyring(
                value, item: oauthItem(workload, kind), keyring: dependencies.keyring, replace: true,
                context: context, type: type, recordName: name, label: "hivekeep oauth \(kind.rawValue)")
        default:
            throw HiveKeepError(.internalError, "the \(type.rawValue) provider cannot hold OAuth tokens")
        }
    }

    /// Deletes every OAuth record of `workload` (none is fine); used when the workload is deleted.
    public func deleteOAuthRecords(workload: String, caller: String) async throws {
        guard let type = try? await describe().type, Self.capabilities(of: type).canWrite else { return }
        let context = oauthContext(caller)
        for kind in OAuthRecord.Kind.allCases {
            let name = OAuthRecord.vaultKey(workload: workload, kind: kind)
            switch try await provider() {
            case let vault as EncryptedProvider:
                try await mappingVaultErrors {
                    try vault.vault.update { contents in
                        guard contents.contains(name) else { return }
                        try context.record(.delete, key: name, provider: type, outcome: .ok)
                        _ = contents.remove(name)
                    }
                }
            case is KeyringProvider:
                let removed = try await mappingKeyringErrors {
                    try await dependencies.keyring.clear(oauthItem(workload, kind))
                }
                if removed {
                    try await Blocking.run { try context.record(.delete, key: name, provider: type, outcome: .ok) }
                }
            default:
                return
            }
        }
    }

    /// The configured provider's type when it can keep OAuth records.
    private func oauthProviderType() async throws -> SecretsProviderType {
        try await writableProviderType(
            none: "OAuth sign-in keeps its tokens in the secrets store, and no secrets provider is set up; set up the "
                + "encrypted or keyring provider first",
            readOnly: { type in
                "OAuth sign-in keeps its tokens in the secrets store, and the \(type.rawValue) provider is "
                    + "read-only; set up the encrypted or keyring provider"
            })
    }

    private func oauthItem(_ workload: String, _ kind: OAuthRecord.Kind) -> KeyringItemAttributes {
        KeyringItemAttributes(
            kind: .signingKey, store: storeID, key: OAuthRecord.keyringKey(workload: workload, kind: kind))
    }

    private func oauthContext(_ caller: String) -> SecretsCallContext {
        SecretsCallContext(caller: RequestCaller.auditName(for: caller), audit: dependencies.audit)
    }
}
