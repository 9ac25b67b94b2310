import HiveKeepCore
import HiveKeepVault
import Sodium

/// The `encrypted` provider: secrets in a libsodium vault file (see ``Vault`` and `docs/vault-format.md`).
///
/// Every call runs its blocking work (Argon2id, `flock`, `fsync`) through `Blocking.run`. Changes write their audit
/// record inside the vault's update, under the file lock and before the file is replaced; a failed commit adds a
/// `failed` record. Vault errors reach the caller as `HiveKeepError` (``VaultError/hiveKeepError``).
public struct EncryptedProvider: SecretsProvider {
    /// The vault this provider reads and writes.
    public let vault: Vault

    public var type: SecretsProviderType { .encrypted }
    public var capabilities: SecretsCapabilities { .readWrite }

    /// Opens the vault at `path` with `password`, creating it (Argon2id with `limits`) when the file is missing.
    public init(path: String, password: SecureBytes, limits: Argon2Limits = .moderate) async throws {
        try await self.init(vault: Vault(path: path, password: password, newVaultLimits: limits))
    }

    /// Opens `vault`, creating it when the file is missing; a wrong password or a damaged file fails here.
    public init(vault: Vault) async throws {
        self.vault = vault
        do {
            try await Blocking.run { try vault.openOrCreate() }
        } catch {
            throw VaultError.mapped(error)
        }
    }

    /// Re-encrypts the vault under `newPassword` (see ``Vault/rotatePassword(to:limits:)``).
    public func rotatePassword(to newPassword: SecureBytes, limits: Argon2Limits? = nil) async throws {
        let vault = self.vault
        do {
            try await Blocking.run { try vault.rotatePassword(to: newPassword, limits: limits) }
        } catch {
            throw VaultError.mapped(error)
        }
    }

    public func get(_ key: String, context: SecretsCallContext) async throws -> SecureBytes? {
        try await read(.get, key: key, context: context) { try $0.value(key) }
    }

    public func list(context: SecretsCallContext) async throws -> [String] {
        // The reserved records (signing key, audit key) are not secrets: never listed.
        try await read(.list, key: nil, context: context) { $0.keys.filter { !ReservedRecord.isReserved($0) } }
            ?? []
    }

    public func create(_ key: String, value: SecureBytes, context: SecretsCallContext) async throws {
        try await change(.create, key: key, context: context) { contents, record in
            guard !contents.contains(key) else {
                try record(.alreadyExists)
                throw HiveKeepError(.alreadyExists, "secret \"\(key)\" already exists")
            }
            try record(.ok)
            try contents.set(key, value)
        }
    }

    public func update(_ key: String, value: SecureBytes, context: SecretsCallContext) async throws {
        try await change(.update, key: key, context: context) { contents, record in
            guard contents.contains(key) else {
                try record(.notFound)
                throw HiveKeepError.notFound("secret \"\(key)\" not found")
            }
            try record(.ok)
            try contents.set(key, value)
        }
    }

    public func delete(_ key: String, context: SecretsCallContext) async throws {
        try await change(.delete, key: key, context: context) { contents, record in
            guard contents.contains(key) else {
                try record(.notFound)
                throw HiveKeepError.notFound("secret \"\(key)\" not found")
            }
            try record(.ok)
            contents.remove(key)
        }
    }

    public func cleanup(context: SecretsCallContext) async throws {
        try await change(.cleanup, key: nil, context: context) { contents, record in
            try record(.ok)
            // Every secret goes; the reserved records (signing key, audit key) stay.
            for key in contents.keys where !ReservedRecord.isReserved(key) {
                contents.remove(key)
            }
        }
    }

    /// Writes an audit record for `operation`; the closure a change receives.
    typealias Record = (AuditOutcome) throws -> Void

    /// Reads the vault without the file lock, then writes the call's one record (`ok`, `not-found` or `failed`).
    private func read<T: Sendable>(
        _ operation: AuditOperation,
        key: String?,
        context: SecretsCallContext,
        _ extract: @escaping @Sendable (VaultContents) throws -> T?
    ) async throws -> T? {
        let vault = self.vault
        do {
            return try await Blocking.run {
                let result: T?
                do {
                    result = try extract(try vault.read())
                } catch {
                    try? context.record(operation, key: key, provider: .encrypted, outcome: .failed)
                    throw error
                }
                try context.record(operation, key: key, provider: .encrypted, outcome: result == nil ? .notFound : .ok)
                return result
            }
        } catch {
            throw VaultError.mapped(error)
        }
    }

    /// Runs `body` inside a vault update, under the file lock; `body` records the outcome before changing anything.
    ///
    /// When the vault cannot be opened before `body` ran, or the commit fails after it recorded `ok`, a `failed`
    /// record follows. If recording itself throws, the update throws and nothing is written.
    private func change(
        _ operation: AuditOperation,
        key: String?,
        context: SecretsCallContext,
        _ body: @escaping @Sendable (inout VaultContents, Record) throws -> Void
    ) async throws {
        let vault = self.vault
        let recordFailure: @Sendable () -> Void = {
            try? context.record(operation, key: key, provider: .encrypted, outcome: .failed)
        }
        do {
            try await Blocking.run {
                var attempted = false
                let record: Record = { outcome in
                    attempted = true
                    try context.record(operation, key: key, provider: .encrypted, outcome: outcome)
                }
                do {
                    try vault.update(
                        { contents in try body(&contents, record) }, onCommitFailure: { _ in recordFailure() })
                } catch {
                    if !attempted { recordFailure() }
                    throw error
                }
            }
        } catch {
            throw VaultError.mapped(error)
        }
    }
}
