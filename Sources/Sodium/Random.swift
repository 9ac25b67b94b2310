import CSodium

/// Cryptographically secure random bytes from libsodium (`randombytes_buf`, backed by the kernel's generator).
public enum Random {
    /// Returns `count` random bytes in an ordinary array: for nonces, salts and identifiers, not for secrets.
    ///
    /// - Throws: ``SodiumError/invalidParameters(_:)`` for a negative count.
    public static func bytes(count: Int) throws(SodiumError) -> [UInt8] {
        try Sodium.initialize()
        guard count >= 0 else {
            throw .invalidParameters("cannot produce a negative number of random bytes (\(count))")
        }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            if let address = buffer.baseAddress {
                randombytes_buf(address, count)
            }
            initializedCount = count
        }
    }

    /// Returns `count` random bytes in guarded memory: for keys, seeds and other secrets.
    public static func secureBytes(count: Int) throws(SodiumError) -> SecureBytes {
        try SecureBytes.random(count: count)
    }

    /// Overwrites every byte of `buffer` with random bytes.
    public static func fill(_ buffer: SecureBytes) throws(SodiumError) {
        try Sodium.initialize()
        buffer.withUnsafeMutableBytes { bytes in
            if let address = bytes.baseAddress {
                randombytes_buf(address, bytes.count)
            }
        }
    }
}
