import CSodium

/// BLAKE2b hashing (libsodium `crypto_generichash`), optionally keyed (a MAC); see ``BLAKE2bHasher`` for streaming.
public enum BLAKE2b {
    /// The default digest length in bytes (32).
    public static let defaultOutputLength = Int(crypto_generichash_bytes())
    /// The accepted digest lengths in bytes (16...64).
    public static let outputLengthRange =
        Int(crypto_generichash_bytes_min())...Int(crypto_generichash_bytes_max())
    /// The accepted key lengths in bytes (16...64) for keyed hashing.
    public static let keyLengthRange =
        Int(crypto_generichash_keybytes_min())...Int(crypto_generichash_keybytes_max())

    /// Returns the BLAKE2b digest of `bytes`, keyed when `key` is given.
    ///
    /// - Throws: ``SodiumError/invalidParameters(_:)`` for an output length outside 16...64,
    ///   ``SodiumError/invalidKeyLength(expected:actual:)`` for a key outside 16...64 bytes.
    public static func hash(
        _ bytes: [UInt8],
        outputLength: Int = defaultOutputLength,
        key: SecureBytes? = nil
    ) throws(SodiumError) -> [UInt8] {
        try bytes.withBytes { (buffer) throws(SodiumError) in
            try hash(buffer, outputLength: outputLength, key: key)
        }
    }

    /// Returns the BLAKE2b digest of the bytes in `buffer`, keyed when `key` is given.
    public static func hash(
        _ buffer: UnsafeRawBufferPointer,
        outputLength: Int = defaultOutputLength,
        key: SecureBytes? = nil
    ) throws(SodiumError) -> [UInt8] {
        try checkParameters(outputLength: outputLength, key: key)
        var digest = [UInt8](repeating: 0, count: outputLength)
        let status = withOptionalKey(key) { keyBytes in
            crypto_generichash(
                &digest, outputLength, buffer.bytePointer, buffer.byteCount, keyBytes.bytePointer,
                keyBytes.count
            )
        }
        try status.check("crypto_generichash")
        return digest
    }

    /// Initializes libsodium and checks the digest length and key length.
    static func checkParameters(outputLength: Int, key: SecureBytes?) throws(SodiumError) {
        try Sodium.initialize()
        guard outputLengthRange.contains(outputLength) else {
            let (lowest, highest) = (outputLengthRange.lowerBound, outputLengthRange.upperBound)
            throw .invalidParameters("BLAKE2b output length \(outputLength) outside \(lowest)...\(highest)")
        }
        if let key, !keyLengthRange.contains(key.count) {
            throw .invalidKeyLength(expected: keyLengthRange.lowerBound, actual: key.count)
        }
    }

    /// Calls `body` with the key bytes, or with an empty buffer (a `NULL` key) when there is no key.
    static func withOptionalKey<Result>(
        _ key: SecureBytes?,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        guard let key else {
            return body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        return key.withUnsafeBytes(body)
    }
}
