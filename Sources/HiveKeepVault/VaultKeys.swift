import Sodium

/// The keys derived from a password for one salt: the encryption key and the key-check subkey.
struct VaultKeys: Sendable {
    /// The salt they were derived with.
    let salt: [UInt8]
    /// The Argon2id limits they were derived with.
    let limits: Argon2Limits
    /// XChaCha20-Poly1305 key for the body.
    let encryptionKey: SecureBytes
    /// BLAKE2b key for the key check.
    let checkKey: SecureBytes

    /// Derives both keys with Argon2id; the limits must already be validated. Blocking (the KDF).
    static func derive(password: SecureBytes, salt: [UInt8], limits: Argon2Limits) throws(SodiumError) -> VaultKeys {
        let derived = try PasswordHash.deriveKey(
            password: password, salt: salt, outputLength: VaultFormat.derivedLength, limits: limits
        )
        let half = VaultFormat.derivedLength / 2
        let (encryption, check) = try derived.withUnsafeBytes { (bytes) throws(SodiumError) in
            (
                try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[0..<half])),
                try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[half..<VaultFormat.derivedLength]))
            )
        }
        return VaultKeys(salt: salt, limits: limits, encryptionKey: encryption, checkKey: check)
    }

    /// Whether these keys were derived for the header's salt and parameters.
    func match(_ header: VaultHeader) -> Bool {
        salt == header.salt && limits == header.limits
    }

    /// The key-check value stored in the header for these keys.
    func keyCheck() throws(SodiumError) -> [UInt8] {
        try BLAKE2b.hash(VaultFormat.keyCheckInput, outputLength: VaultFormat.keyCheckLength, key: checkKey)
    }
}
