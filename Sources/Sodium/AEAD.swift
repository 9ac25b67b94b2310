import CSodium

/// Authenticated encryption with associated data: XChaCha20-Poly1305 (IETF construction, libsodium
/// `crypto_aead_xchacha20poly1305_ietf_*`).
///
/// The 24-byte nonce is large enough to pick at random for every message (``randomNonce()``); never reuse a nonce
/// with the same key. ``seal(plaintext:key:nonce:associatedData:)-(SecureBytes,_,_,_)`` returns the ciphertext
/// followed by the 16-byte tag; ``open(ciphertext:key:nonce:associatedData:)`` checks the tag before returning any
/// plaintext.
public enum AEAD {
    /// Key length in bytes (32).
    public static let keyLength = Int(crypto_aead_xchacha20poly1305_ietf_keybytes())
    /// Nonce length in bytes (24).
    public static let nonceLength = Int(crypto_aead_xchacha20poly1305_ietf_npubbytes())
    /// Authentication tag length in bytes (16), appended to every ciphertext.
    public static let tagLength = Int(crypto_aead_xchacha20poly1305_ietf_abytes())

    /// Returns a fresh random key in guarded memory.
    public static func generateKey() throws(SodiumError) -> SecureBytes {
        try SecureBytes.random(count: keyLength)
    }

    /// Returns a fresh random nonce.
    public static func randomNonce() throws(SodiumError) -> [UInt8] {
        try Random.bytes(count: nonceLength)
    }

    /// Encrypts and authenticates a secret plaintext held in guarded memory.
    ///
    /// - Returns: ciphertext followed by the tag (`plaintext.count + tagLength` bytes).
    /// - Throws: ``SodiumError/invalidKeyLength(expected:actual:)`` or ``SodiumError/invalidNonceLength(expected:actual:)``.
    public static func seal(
        plaintext: SecureBytes,
        key: SecureBytes,
        nonce: [UInt8],
        associatedData: [UInt8] = []
    ) throws(SodiumError) -> [UInt8] {
        try plaintext.withUnsafeBytes { (bytes) throws(SodiumError) in
            try seal(plaintext: bytes, key: key, nonce: nonce, associatedData: associatedData)
        }
    }

    /// Encrypts and authenticates plaintext held in an ordinary array (for data that is not secret by itself).
    public static func seal(
        plaintext: [UInt8],
        key: SecureBytes,
        nonce: [UInt8],
        associatedData: [UInt8] = []
    ) throws(SodiumError) -> [UInt8] {
        try plaintext.withBytes { (bytes) throws(SodiumError) in
            try seal(plaintext: bytes, key: key, nonce: nonce, associatedData: associatedData)
        }
    }

    /// Encrypts and authenticates the bytes in `plaintext`.
    public static func seal(
        plaintext: UnsafeRawBufferPointer,
        key: SecureBytes,
        nonce: [UInt8],
        associatedData: [UInt8] = []
    ) throws(SodiumError) -> [UInt8] {
        try checkInputs(key: key, nonce: nonce)
        // size_t limits import as Int; this one is close to SIZE_MAX, so compare as unsigned.
        let maximumLength = UInt(bitPattern: crypto_aead_xchacha20poly1305_ietf_messagebytes_max())
        guard UInt(plaintext.count) <= maximumLength else {
            throw .invalidParameters(
                "plaintext of \(plaintext.count) bytes is too long for XChaCha20-Poly1305")
        }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var written: UInt64 = 0
        let status = key.withBytePointer { keyBytes in
            crypto_aead_xchacha20poly1305_ietf_encrypt(
                &ciphertext, &written,
                plaintext.bytePointer, plaintext.byteCount,
                associatedData, UInt64(associatedData.count),
                nil, nonce, keyBytes
            )
        }
        try status.check("crypto_aead_xchacha20poly1305_ietf_encrypt")
        guard written == UInt64(ciphertext.count) else {
            throw .operationFailed(function: "crypto_aead_xchacha20poly1305_ietf_encrypt", code: -1)
        }
        return ciphertext
    }

    /// Verifies and decrypts `ciphertext` (ciphertext followed by the tag) into guarded memory.
    ///
    /// No plaintext is returned unless the tag matches the key, nonce, ciphertext and associated data.
    ///
    /// - Throws: ``SodiumError/authenticationFailed`` for a wrong key, nonce or associated data, or a modified or
    ///   truncated ciphertext; ``SodiumError/invalidKeyLength(expected:actual:)`` or
    ///   ``SodiumError/invalidNonceLength(expected:actual:)`` for malformed inputs.
    public static func open(
        ciphertext: [UInt8],
        key: SecureBytes,
        nonce: [UInt8],
        associatedData: [UInt8] = []
    ) throws(SodiumError) -> SecureBytes {
        try checkInputs(key: key, nonce: nonce)
        guard ciphertext.count >= tagLength else {
            throw .authenticationFailed
        }
        let plaintext = try SecureBytes(count: ciphertext.count - tagLength)
        var written: UInt64 = 0
        let status = plaintext.withMutableBytePointer { output in
            key.withBytePointer { keyBytes in
                crypto_aead_xchacha20poly1305_ietf_decrypt(
                    output, &written, nil,
                    ciphertext, UInt64(ciphertext.count),
                    associatedData, UInt64(associatedData.count),
                    nonce, keyBytes
                )
            }
        }
        guard status == 0 else {
            throw .authenticationFailed
        }
        guard written == UInt64(plaintext.count) else {
            throw .operationFailed(function: "crypto_aead_xchacha20poly1305_ietf_decrypt", code: -1)
        }
        return plaintext
    }

    private static func checkInputs(key: SecureBytes, nonce: [UInt8]) throws(SodiumError) {
        try Sodium.initialize()
        guard key.count == keyLength else {
            throw .invalidKeyLength(expected: keyLength, actual: key.count)
        }
        guard nonce.count == nonceLength else {
            throw .invalidNonceLength(expected: nonceLength, actual: nonce.count)
        }
    }
}
