import HiveKeepCore
import Sodium

/// An Ed25519 public key: its raw 32 bytes, its key id and its PEM form.
///
/// The PEM form is a SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`), the fixed 12-byte DER prefix
/// `302a300506032b6570032100` followed by the key, so OpenSSL can verify HiveKeep signatures on its own
/// (`openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in pae.bin -sigfile sig.bin`). Equality is by key bytes.
public struct SigningPublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The 32-byte Ed25519 public key.
    public let raw: [UInt8]
    /// Lowercase hex SHA-256 of ``raw``: the `keyid` of HiveKeep's DSSE signatures.
    public let keyID: String

    /// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE, AlgorithmIdentifier 1.3.101.112,
    /// BIT STRING of 33 bytes with no unused bits.
    static let derPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// A key from its raw 32 bytes.
    ///
    /// - Throws: `.invalidArgument` unless `raw` is 32 bytes.
    public init(raw: [UInt8]) throws {
        guard raw.count == Ed25519.publicKeyLength else {
            throw HiveKeepError.invalid(
                "an Ed25519 public key is \(Ed25519.publicKeyLength) bytes, not \(raw.count)")
        }
        self.raw = raw
        self.keyID = Hex.encode(try SHA256.hash(raw))
    }

    /// A key from a PEM `PUBLIC KEY` block holding an Ed25519 SubjectPublicKeyInfo.
    ///
    /// - Throws: `.invalidArgument` for text without exactly one such block, bad base64, a private key, or a public
    ///   key of another algorithm (RSA, EC, X25519...), each with its own message.
    public init(pem: String) throws {
        try self.init(raw: try PEM.ed25519PublicKey(from: pem))
    }

    /// The key as a PEM SubjectPublicKeyInfo, ending in a newline.
    public var pem: String {
        PEM.encode(label: "PUBLIC KEY", der: Self.derPrefix + raw)
    }

    /// The first 16 hex digits of the key id, for messages and listings.
    public var shortKeyID: String { String(keyID.prefix(16)) }

    /// `Ed25519 key <keyid>`.
    public var description: String { "Ed25519 key \(keyID)" }

    public static func == (lhs: SigningPublicKey, rhs: SigningPublicKey) -> Bool {
        lhs.raw == rhs.raw
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(raw)
    }
}
