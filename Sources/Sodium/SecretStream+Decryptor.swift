import CSodium

extension SecretStream {
    /// Verifies and decrypts the chunks of one stream, in order. Not safe for concurrent use.
    public final class Decryptor {
        private let state = State()
        /// Whether the chunk tagged ``Tag/final`` has been read; a stream whose input ends before is truncated.
        public private(set) var isFinished = false

        /// Starts reading a stream whose header is `header`, under `key`.
        ///
        /// - Throws: ``SodiumError/invalidKeyLength(expected:actual:)``, or ``SodiumError/authenticationFailed``
        ///   for a header of the wrong length or one libsodium refuses.
        public init(key: SecureBytes, header: [UInt8]) throws(SodiumError) {
            try SecretStream.checkKey(key)
            guard header.count == SecretStream.headerLength else {
                throw .authenticationFailed
            }
            let status = key.withBytePointer { keyBytes in
                crypto_secretstream_xchacha20poly1305_init_pull(state.pointer, header, keyBytes)
            }
            guard status == 0 else { throw .authenticationFailed }
        }

        /// Verifies and decrypts the next chunk into guarded memory, and returns it with its tag.
        ///
        /// - Throws: ``SodiumError/authenticationFailed`` for a wrong key, a modified, dropped, repeated or
        ///   reordered chunk, wrong associated data, or any chunk after the final one.
        public func pull(_ ciphertext: [UInt8], associatedData: [UInt8] = []) throws(SodiumError)
            -> (plaintext: SecureBytes, tag: Tag)
        {
            guard !isFinished, ciphertext.count >= SecretStream.overhead else {
                throw .authenticationFailed
            }
            let plaintext = try SecureBytes(count: ciphertext.count - SecretStream.overhead)
            var written: UInt64 = 0
            var tag: UInt8 = 0
            let status = plaintext.withMutableBytePointer { output in
                crypto_secretstream_xchacha20poly1305_pull(
                    state.pointer, output, &written, &tag, ciphertext, UInt64(ciphertext.count),
                    associatedData, UInt64(associatedData.count))
            }
            guard status == 0, written == UInt64(plaintext.count) else {
                throw .authenticationFailed
            }
            switch tag {
            case Tag.message.rawValue:
                return (plaintext, .message)
            case Tag.final.rawValue:
                isFinished = true
                return (plaintext, .final)
            default:
                // HiveKeep writes only message and final chunks; a push or rekey tag is not one of its streams.
                throw .authenticationFailed
            }
        }
    }
}
