import Sodium

/// The SHA-256 digests the manifest lists, as lowercase hex.
enum BackupDigest {
    /// The lowercase hex SHA-256 of `bytes`.
    static func sha256(_ bytes: UnsafeRawBufferPointer) throws -> String {
        let digits = Array("0123456789abcdef".utf8)
        var characters: [UInt8] = []
        for byte in try SHA256.hash(bytes) {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// The lowercase hex SHA-256 of a file's bytes.
    static func sha256(_ bytes: [UInt8]) throws -> String {
        try bytes.withUnsafeBytes { try sha256($0) }
    }

    /// The lowercase hex SHA-256 of a secret's bytes (the digest is not secret: it sits in the encrypted archive).
    static func sha256(_ value: SecureBytes) throws -> String {
        try value.withUnsafeBytes { try sha256($0) }
    }
}
