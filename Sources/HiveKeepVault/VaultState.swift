import Sodium

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a ``Vault`` remembers between calls; guarded by the vault's mutex.
struct VaultState: Sendable {
    /// A decrypted file (or a new vault) together with the keys that open it.
    struct Opened: Sendable {
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
    /// Whether this process has removed what writers killed mid-write left beside the file (once is enough).
    var sweptAbandonedTemporaries = false
    /// The bytes of the file last opened or written, with what they hold; see ``open(_:)``.
    private var last: (file: [UInt8], opened: Opened)?

    init(passwordSource: @escaping @Sendable () throws -> SecureBytes) {
        self.passwordSource = passwordSource
    }

    /// Checks and decrypts file bytes, deriving keys only when the salt or parameters differ from the cached ones.
    ///
    /// Bytes equal to those of the file last opened or written give that file's contents again without decrypting:
    /// the same bytes hold the same map, and they passed every check (or were sealed here). Any other bytes (another
    /// process's write has a new random nonce, so its header differs) get every check and a full decryption.
    /// A file with another vault id than the one this state knows is refused as ``VaultError/replacedByAnotherVault``.
    mutating func open(_ bytes: [UInt8]) throws -> Opened {
        if let last, last.opened.vaultID == vaultID, Self.equal(last.file, bytes) {
            return last.opened
        }
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
        let opened = Opened(
            contents: try VaultFile.open(parsed, keys: fileKeys), keys: fileKeys, vaultID: parsed.header.vaultID)
        remember(bytes, opened)
        return opened
    }

    /// Remembers `file`, just opened or written, as the current file: its keys, vault id and (unmodified) contents.
    mutating func remember(_ file: [UInt8], _ opened: Opened) {
        adopt(opened.keys, vaultID: opened.vaultID)
        last = (file, opened)
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

    /// Whether two files have the same bytes (ciphertext: not secret, so `memcmp` is fine).
    private static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return true }
                return memcmp(leftBase, rightBase, left.count) == 0
            }
        }
    }
}
