import CSodium

/// SHA-256 (libsodium `crypto_hash_sha256`), for public values such as key ids; not a password hash.
public enum SHA256 {
    /// The digest length in bytes (32).
    public static let digestLength = Int(crypto_hash_sha256_bytes())

    /// Returns the SHA-256 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) throws(SodiumError) -> [UInt8] {
        try bytes.withBytes { (buffer) throws(SodiumError) in
            try hash(buffer)
        }
    }

    /// Returns the SHA-256 digest of the bytes in `buffer`.
    public static func hash(_ buffer: UnsafeRawBufferPointer) throws(SodiumError) -> [UInt8] {
        try Sodium.initialize()
        var digest = [UInt8](repeating: 0, count: digestLength)
        let status = crypto_hash_sha256(&digest, buffer.bytePointer, buffer.byteCount)
        try status.check("crypto_hash_sha256")
        return digest
    }
}
