import Foundation
import Sodium

/// Lends the bytes of a `SecureBytes` to `Keyring.store`, which takes `some ContiguousBytes`, without copying them
/// out of the secure buffer.
struct KeyringSecretView: ContiguousBytes {
    let bytes: SecureBytes

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }
}

extension SecureBytes {
    /// Whether the bytes are UTF-8 text without NUL bytes: what a keyring item can hold.
    public var isKeyringText: Bool {
        withUnsafeBytes { buffer in
            guard !buffer.contains(0) else { return false }
            var iterator = buffer.makeIterator()
            var decoder = UTF8()
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue: continue
                case .emptyInput: return true
                case .error: return false
                }
            }
        }
    }
}
