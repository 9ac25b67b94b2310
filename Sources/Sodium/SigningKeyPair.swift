import CSodium

/// An Ed25519 key pair (libsodium `crypto_sign_*`) whose secret half lives in guarded memory.
///
/// The 32-byte seed is the whole secret: store it (``exportSeed()``) and rebuild the pair with ``init(seed:)``.
public struct SigningKeyPair: Sendable, CustomStringConvertible {
    /// The 32-byte public key.
    public let publicKey: [UInt8]
    /// libsodium's 64-byte secret key (seed followed by the public key).
    private let secretKey: SecureBytes

    /// Generates a new key pair from a fresh random seed.
    public static func generate() throws(SodiumError) -> SigningKeyPair {
        try SigningKeyPair(seed: SecureBytes.random(count: Ed25519.seedLength))
    }

    /// Rebuilds the key pair determined by a 32-byte seed.
    ///
    /// - Throws: ``SodiumError/invalidSeedLength(expected:actual:)`` unless the seed is 32 bytes.
    public init(seed: SecureBytes) throws(SodiumError) {
        try Sodium.initialize()
        guard seed.count == Ed25519.seedLength else {
            throw .invalidSeedLength(expected: Ed25519.seedLength, actual: seed.count)
        }
        let secretKey = try SecureBytes(count: Ed25519.secretKeyLength)
        var publicKey = [UInt8](repeating: 0, count: Ed25519.publicKeyLength)
        let status = secretKey.withMutableBytePointer { secret in
            seed.withBytePointer { seedBytes in
                crypto_sign_seed_keypair(&publicKey, secret, seedBytes)
            }
        }
        try status.check("crypto_sign_seed_keypair")
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Returns a copy of the 32-byte seed in guarded memory, for storing the key.
    public func exportSeed() throws(SodiumError) -> SecureBytes {
        let seed = try SecureBytes(count: Ed25519.seedLength)
        let status = seed.withMutableBytePointer { seedBytes in
            secretKey.withBytePointer { secret in
                crypto_sign_ed25519_sk_to_seed(seedBytes, secret)
            }
        }
        try status.check("crypto_sign_ed25519_sk_to_seed")
        return seed
    }

    /// Signs `message` and returns the 64-byte detached signature.
    public func sign(_ message: [UInt8]) throws(SodiumError) -> [UInt8] {
        try message.withBytes { (bytes) throws(SodiumError) in
            try sign(bytes)
        }
    }

    /// Signs the bytes in `message` and returns the 64-byte detached signature.
    public func sign(_ message: UnsafeRawBufferPointer) throws(SodiumError) -> [UInt8] {
        try Sodium.initialize()
        var signature = [UInt8](repeating: 0, count: Ed25519.signatureLength)
        var signatureLength: UInt64 = 0
        let status = secretKey.withBytePointer { secret in
            crypto_sign_detached(
                &signature, &signatureLength, message.bytePointer, message.byteCount, secret)
        }
        try status.check("crypto_sign_detached")
        guard signatureLength == UInt64(Ed25519.signatureLength) else {
            throw .operationFailed(function: "crypto_sign_detached", code: -1)
        }
        return signature
    }

    /// `SigningKeyPair(publicKey: <hex>)`: the public key only.
    public var description: String {
        "SigningKeyPair(publicKey: \(Hex.encode(publicKey)))"
    }
}
