import CSodium

/// Incremental BLAKE2b (libsodium `crypto_generichash_init/update/final`) for input that arrives in pieces.
///
/// The hasher is non-copyable: it owns its state, which is aligned as libsodium requires, zeroed and freed when the
/// hasher is finalized or dropped. ``finalize()`` consumes it, so a finished hasher cannot be reused by mistake.
public struct BLAKE2bHasher: ~Copyable {
    private let state: UnsafeMutableRawPointer
    private let outputLength: Int

    /// Starts a hash of `outputLength` bytes (16...64), keyed when `key` is given.
    ///
    /// - Throws: the same parameter errors as ``BLAKE2b/hash(_:outputLength:key:)-([UInt8],_,_)``.
    public init(outputLength: Int = BLAKE2b.defaultOutputLength, key: SecureBytes? = nil)
        throws(SodiumError)
    {
        try BLAKE2b.checkParameters(outputLength: outputLength, key: key)
        // crypto_generichash_state is declared with 64-byte alignment, which is why Swift imports it as opaque.
        let state = UnsafeMutableRawPointer.allocate(
            byteCount: crypto_generichash_statebytes(), alignment: 64)
        let status = BLAKE2b.withOptionalKey(key) { keyBytes in
            crypto_generichash_init(
                OpaquePointer(state), keyBytes.bytePointer, keyBytes.count, outputLength)
        }
        guard status == 0 else {
            state.deallocate()
            throw .operationFailed(function: "crypto_generichash_init", code: status)
        }
        self.state = state
        self.outputLength = outputLength
    }

    deinit {
        sodium_memzero(state, crypto_generichash_statebytes())
        state.deallocate()
    }

    /// Adds `bytes` to the hash.
    public mutating func update(_ bytes: [UInt8]) throws(SodiumError) {
        try bytes.withBytes { (buffer) throws(SodiumError) in
            try update(buffer)
        }
    }

    /// Adds the bytes in `buffer` to the hash.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) throws(SodiumError) {
        let status = crypto_generichash_update(typedState, buffer.bytePointer, buffer.byteCount)
        try status.check("crypto_generichash_update")
    }

    /// Finishes the hash and returns the digest; the hasher is consumed.
    public consuming func finalize() throws(SodiumError) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: outputLength)
        let status = crypto_generichash_final(typedState, &digest, outputLength)
        try status.check("crypto_generichash_final")
        return digest
    }

    private var typedState: OpaquePointer {
        OpaquePointer(state)
    }
}
