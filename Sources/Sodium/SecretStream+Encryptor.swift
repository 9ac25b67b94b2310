import CSodium

extension SecretStream {
    /// Encrypts the chunks of one stream, in order. Not safe for concurrent use; one instance per stream.
    public final class Encryptor {
        /// The stream header; the reader needs it (with the key) to decrypt. It is not secret.
        public let header: [UInt8]
        private let state: State
        private var finished = false

        /// Starts a stream under `key` (``SecretStream/keyLength`` bytes).
        public init(key: SecureBytes) throws(SodiumError) {
            try SecretStream.checkKey(key)
            var header = [UInt8](repeating: 0, count: SecretStream.headerLength)
            let state = State()
            let status = key.withBytePointer { keyBytes in
                crypto_secretstream_xchacha20poly1305_init_push(state.pointer, &header, keyBytes)
            }
            try status.check("crypto_secretstream_xchacha20poly1305_init_push")
            self.header = header
            self.state = state
        }

        /// Encrypts one chunk; the stream accepts nothing after a chunk tagged ``Tag/final``.
        ///
        /// - Returns: the ciphertext, `plaintext.count + SecretStream.overhead` bytes.
        public func push(
            _ plaintext: UnsafeRawBufferPointer, tag: Tag, associatedData: [UInt8] = []
        ) throws(SodiumError) -> [UInt8] {
            guard !finished else {
                throw .invalidParameters("the stream was finished with a final chunk")
            }
            var ciphertext = [UInt8](repeating: 0, count: plaintext.count + SecretStream.overhead)
            var written: UInt64 = 0
            let status = crypto_secretstream_xchacha20poly1305_push(
                state.pointer, &ciphertext, &written, plaintext.bytePointer, plaintext.byteCount,
                associatedData, UInt64(associatedData.count), tag.rawValue)
            try status.check("crypto_secretstream_xchacha20poly1305_push")
            guard written == UInt64(ciphertext.count) else {
                throw .operationFailed(function: "crypto_secretstream_xchacha20poly1305_push", code: -1)
            }
            finished = tag == .final
            return ciphertext
        }

        /// Encrypts one chunk held in an ordinary array.
        public func push(_ plaintext: [UInt8], tag: Tag, associatedData: [UInt8] = []) throws(SodiumError)
            -> [UInt8]
        {
            try plaintext.withBytes { (bytes) throws(SodiumError) in
                try push(bytes, tag: tag, associatedData: associatedData)
            }
        }
    }
}
