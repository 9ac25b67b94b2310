import Sodium

/// What a ``Vault`` remembers between calls; guarded by the vault's mutex.
struct VaultState: Sendable {
    /// A decrypted file (or a new vault) together with the keys that open it.
    struct Opened {
        var contents: VaultContents
        var keys: VaultKeys
        var vaultID: [UInt8]
        var isNew = false
    }

    /// Where the password comes from; asked only when keys must be derived.
    var passwordSource: @Sendable () throws -> SecureBytes
    /// The keys for the salt of the file last opened or written.
    var keys: VaultKeys?
    /// The vault id of the file last opened or written.
    var vaultID: [UInt8]?
    /// The number of Argon2id derivations so far.
    var derivations = 0

    init(passwordSource: @escaping @Sendable () throws -> SecureBytes) {
        self.passwordSource = passwordSource
    }

    /// Checks and decrypts file bytes, deriving keys only when the salt or parameters differ from the cached ones.
    ///
    /// A file with another vault id than the one this state knows is refused as ``VaultError/replacedByAnotherVault``.
    mutating func open(_ bytes: [UInt8]) throws -> Opened {
        let parsed = try VaultFile.parse(bytes)
        if let known = vaultID, known != parsed.header.vaultID {
            throw VaultError.replacedByAnotherVault
        }
        let fileKeys: VaultKeys
        if let keys, keys.match(parsed.header) {
            fileKeys = keys
        } else {
            fileKeys = try derive(salt: parsed.header.salt, limits: parsed.header.limits)
        }
        let contents = try VaultFile.open(parsed, keys: fileKeys)
        adopt(fileKeys, vaultID: parsed.header.vaultID)
        return Opened(contents: contents, keys: fileKeys, vaultID: parsed.header.vaultID)
    }

    /// Runs Argon2id with the password from the source; `limits` must be validated already.
    mutating func derive(salt: [UInt8], limits: Argon2Limits) throws -> VaultKeys {
        derivations += 1
        return try VaultKeys.derive(password: try passwordSource(), salt: salt, limits: limits)
    }

    /// Remembers keys that opened (or wrote) the file.
    mutating func adopt(_ keys: VaultKeys, vaultID: [UInt8]) {
        self.keys = keys
        self.vaultID = vaultID
    }
}
