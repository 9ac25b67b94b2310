import CSodium

/// Authenticated encryption of a sequence of messages under one key: libsodium's secretstream
/// (`crypto_secretstream_xchacha20poly1305_*`).
///
/// Each message (a chunk) is encrypted with a tag; the stream's order is authenticated, so chunks cannot be dropped,
/// repeated or reordered without ``Decryptor/pull(_:associatedData:)`` failing. The last chunk carries the
/// ``Tag/final`` tag: a reader that reaches the end of its input without having seen it knows the stream was cut.
public enum SecretStream {
    /// Key length in bytes (32).
    public static let keyLength = Int(crypto_secretstream_xchacha20poly1305_keybytes())
    /// Length of the header that starts a stream, in bytes (24).
    public static let headerLength = Int(crypto_secretstream_xchacha20poly1305_headerbytes())
    /// Bytes each chunk's ciphertext adds to its plaintext (17: the tag byte and the MAC).
    public static let overhead = Int(crypto_secretstream_xchacha20poly1305_abytes())

    /// The tag of a chunk.
    public enum Tag: Sendable, Hashable {
        /// An ordinary chunk.
        case message
        /// The last chunk of the stream.
        case final

        var rawValue: UInt8 {
            switch self {
            case .message: crypto_secretstream_xchacha20poly1305_tag_message()
            case .final: crypto_secretstream_xchacha20poly1305_tag_final()
            }
        }
    }

    /// The libsodium stream state in its own allocation, zeroed when released (it holds key material).
    final class State {
        let pointer: UnsafeMutablePointer<crypto_secretstream_xchacha20poly1305_state>

        init() {
            pointer = .allocate(capacity: 1)
        }

        deinit {
            sodium_memzero(pointer, MemoryLayout<crypto_secretstream_xchacha20poly1305_state>.size)
            pointer.deallocate()
        }
    }

    static func checkKey(_ key: SecureBytes) throws(SodiumError) {
        try Sodium.initialize()
        guard key.count == keyLength else {
            throw .invalidKeyLength(expected: keyLength, actual: key.count)
        }
    }
}
