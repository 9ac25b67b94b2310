import CSodium

/// Key derivation from a password with Argon2id v1.3 (libsodium `crypto_pwhash`, `ALG_ARGON2ID13`).
public enum PasswordHash {
    /// Salt length in bytes (16).
    public static let saltLength = Int(crypto_pwhash_argon2id_saltbytes())
    /// Shortest derived key, in bytes (16).
    public static let minimumOutputLength = Int(crypto_pwhash_argon2id_bytes_min())
    /// Longest derived key HiveKeep asks for, in bytes.
    public static let maximumOutputLength = 1024

    /// Returns a fresh random salt.
    public static func randomSalt() throws(SodiumError) -> [UInt8] {
        try Random.bytes(count: saltLength)
    }

    /// Derives `outputLength` key bytes from a password held in guarded memory.
    ///
    /// The limits are checked against `minimum` and `maximum` (by default the OWASP minimum and HiveKeep's upper
    /// bound) before any memory is allocated, so out-of-range parameters fail in microseconds.
    ///
    /// - Throws: ``SodiumError/invalidParameters(_:)`` for limits or lengths out of range,
    ///   ``SodiumError/invalidSaltLength(expected:actual:)``, ``SodiumError/outOfMemory(requestedBytes:)`` when
    ///   Argon2 cannot get its working memory, ``SodiumError/derivationFailed`` for any other failure.
    public static func deriveKey(
        password: SecureBytes,
        salt: [UInt8],
        outputLength: Int,
        limits: Argon2Limits,
        minimum: Argon2Limits = .minimumAllowed,
        maximum: Argon2Limits = .maximumAllowed
    ) throws(SodiumError) -> SecureBytes {
        try password.withUnsafeBytes { (bytes) throws(SodiumError) in
            try deriveKey(
                password: bytes, salt: salt, outputLength: outputLength,
                limits: limits, minimum: minimum, maximum: maximum
            )
        }
    }

    /// Derives `outputLength` key bytes from the password bytes in `password`.
    public static func deriveKey(
        password: UnsafeRawBufferPointer,
        salt: [UInt8],
        outputLength: Int,
        limits: Argon2Limits,
        minimum: Argon2Limits = .minimumAllowed,
        maximum: Argon2Limits = .maximumAllowed
    ) throws(SodiumError) -> SecureBytes {
        try Sodium.initialize()
        try limits.validate(minimum: minimum, maximum: maximum)
        try checkInputs(passwordLength: password.count, salt: salt, outputLength: outputLength)
        let key = try SecureBytes(count: outputLength)
        let (status, failureCause) = key.withMutableBytePointer { output in
            password.withNonNullBytePointer { passwordBytes in
                csodium_clear_errno()
                let status = crypto_pwhash(
                    output, UInt64(outputLength),
                    UnsafeRawPointer(passwordBytes).assumingMemoryBound(to: CChar.self), password.byteCount,
                    salt,
                    UInt64(limits.opsLimit), limits.memLimitBytes,
                    csodium_pwhash_alg_argon2id13()
                )
                return (status, csodium_errno())
            }
        }
        guard status == 0 else {
            // Limits and lengths were validated above, so a failure here is Argon2 failing to map its memory
            // (errno ENOMEM) or, very unlikely, an internal error.
            throw failureCause == csodium_enomem()
                ? .outOfMemory(requestedBytes: limits.memLimitBytes) : .derivationFailed
        }
        return key
    }

    private static func checkInputs(passwordLength: Int, salt: [UInt8], outputLength: Int)
        throws(SodiumError)
    {
        guard salt.count == saltLength else {
            throw .invalidSaltLength(expected: saltLength, actual: salt.count)
        }
        guard (minimumOutputLength...maximumOutputLength).contains(outputLength) else {
            throw .invalidParameters(
                "derived key length \(outputLength) outside \(minimumOutputLength)...\(maximumOutputLength) bytes"
            )
        }
        guard passwordLength <= crypto_pwhash_argon2id_passwd_max() else {
            throw .invalidParameters("password of \(passwordLength) bytes is too long")
        }
    }
}
