/// An error from the `Sodium` module.
///
/// Messages name the operation and the lengths or parameters involved; they never contain key, password, seed or
/// plaintext bytes, so they are safe to log and to show to a user.
public enum SodiumError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `sodium_init()` failed; no cryptographic operation can run.
    case initializationFailed
    /// A key had the wrong length for the algorithm.
    case invalidKeyLength(expected: Int, actual: Int)
    /// A nonce had the wrong length for the algorithm.
    case invalidNonceLength(expected: Int, actual: Int)
    /// A salt had the wrong length for the algorithm.
    case invalidSaltLength(expected: Int, actual: Int)
    /// A seed had the wrong length for the algorithm.
    case invalidSeedLength(expected: Int, actual: Int)
    /// A parameter was outside the accepted range; the message says which and why.
    case invalidParameters(String)
    /// Decryption failed: wrong key, wrong nonce, wrong associated data, or tampered ciphertext or tag.
    case authenticationFailed
    /// Memory could not be allocated (guarded memory for a secure buffer, or the Argon2 working memory).
    case outOfMemory(requestedBytes: Int)
    /// Key derivation failed for a reason other than memory.
    case derivationFailed
    /// A libsodium function returned an unexpected failure code.
    case operationFailed(function: String, code: Int32)

    public var description: String {
        switch self {
        case .initializationFailed:
            "libsodium could not be initialized (sodium_init failed)"
        case .invalidKeyLength(let expected, let actual):
            "invalid key length: expected \(expected) bytes, got \(actual)"
        case .invalidNonceLength(let expected, let actual):
            "invalid nonce length: expected \(expected) bytes, got \(actual)"
        case .invalidSaltLength(let expected, let actual):
            "invalid salt length: expected \(expected) bytes, got \(actual)"
        case .invalidSeedLength(let expected, let actual):
            "invalid seed length: expected \(expected) bytes, got \(actual)"
        case .invalidParameters(let reason):
            "invalid parameters: \(reason)"
        case .authenticationFailed:
            "authentication failed: wrong key, nonce or associated data, or the ciphertext was modified"
        case .outOfMemory(let requestedBytes):
            "out of memory: could not allocate \(requestedBytes) bytes"
        case .derivationFailed:
            "key derivation failed"
        case .operationFailed(let function, let code):
            "libsodium \(function) failed with code \(code)"
        }
    }
}
