import CSodium

/// Ed25519 signature constants and verification (libsodium `crypto_sign_*`); signing is on ``SigningKeyPair``.
public enum Ed25519 {
    /// Public key length in bytes (32).
    public static let publicKeyLength = Int(crypto_sign_publickeybytes())
    /// Seed length in bytes (32); the seed determines the key pair.
    public static let seedLength = Int(crypto_sign_seedbytes())
    /// libsodium secret key length in bytes (64: seed and public key).
    public static let secretKeyLength = Int(crypto_sign_secretkeybytes())
    /// Detached signature length in bytes (64).
    public static let signatureLength = Int(crypto_sign_bytes())

    /// Returns whether `signature` is a valid Ed25519 signature of `message` by `publicKey`.
    ///
    /// Fails closed: a signature or key of the wrong length, a key that is not a valid curve point, or a libsodium
    /// that could not be initialized all give `false`.
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        message.withUnsafeBytes { bytes in
            verify(signature: signature, message: bytes, publicKey: publicKey)
        }
    }

    /// Returns whether `signature` is a valid Ed25519 signature of the bytes in `message` by `publicKey`.
    public static func verify(signature: [UInt8], message: UnsafeRawBufferPointer, publicKey: [UInt8])
        -> Bool
    {
        guard (try? Sodium.initialize()) != nil,
            signature.count == signatureLength,
            publicKey.count == publicKeyLength
        else {
            return false
        }
        let status = crypto_sign_verify_detached(
            signature, message.bytePointer, message.byteCount, publicKey)
        return status == 0
    }
}
