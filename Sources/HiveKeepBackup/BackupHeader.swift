import HiveKeepCore
import Sodium

/// The clear header of a backup archive: what a reader needs to derive the key and start the stream.
///
/// Layout (big-endian): magic `HKBACKUP` (8 bytes), format version (2), Argon2id passes (4), Argon2id memory in
/// bytes (8), salt (16), secretstream header (24): 62 bytes. The whole header is the associated data of the
/// stream's first chunk, so a header changed after writing fails the first chunk's authentication.
public struct BackupHeader: Sendable, Hashable {
    /// The archive's first bytes.
    public static let magic = Array("HKBACKUP".utf8)
    /// The only format version this build reads and writes.
    public static let version: UInt16 = 1
    /// The header's length in bytes.
    public static let length = 8 + 2 + 4 + 8 + PasswordHash.saltLength + SecretStream.headerLength

    /// Argon2id cost of the passphrase.
    public var limits: Argon2Limits
    /// The Argon2id salt.
    public var salt: [UInt8]
    /// The secretstream header.
    public var streamHeader: [UInt8]

    public init(limits: Argon2Limits, salt: [UInt8], streamHeader: [UInt8]) {
        self.limits = limits
        self.salt = salt
        self.streamHeader = streamHeader
    }

    /// The header's bytes.
    public var bytes: [UInt8] {
        var out = Self.magic
        out += Self.bigEndian(UInt64(Self.version), width: 2)
        out += Self.bigEndian(UInt64(limits.opsLimit), width: 4)
        out += Self.bigEndian(UInt64(limits.memLimitBytes), width: 8)
        return out + salt + streamHeader
    }

    /// Parses the header at the start of `archive`, checking magic, version and the Argon2id limits (before any key
    /// derivation, so a file cannot ask for a weak key or gigabytes of memory).
    public init(parsing archive: [UInt8]) throws {
        guard archive.count >= Self.magic.count, Array(archive[0..<Self.magic.count]) == Self.magic else {
            throw HiveKeepError.invalid("not a HiveKeep backup archive (it does not start with HKBACKUP)")
        }
        guard archive.count >= Self.length else {
            throw HiveKeepError.invalid("the backup archive is truncated: its header is incomplete")
        }
        let version = Self.number(archive, at: 8, width: 2)
        guard version == UInt64(Self.version) else {
            throw HiveKeepError.invalid(
                "the backup archive has format version \(version); this HiveKeep reads version \(Self.version)")
        }
        limits = Argon2Limits(
            opsLimit: Int(Self.number(archive, at: 10, width: 4)),
            memLimitBytes: Int(clamping: Self.number(archive, at: 14, width: 8)))
        do {
            try limits.validate()
        } catch {
            throw HiveKeepError.invalid("the backup archive's key derivation parameters are refused: \(error)")
        }
        let saltStart = 22
        salt = Array(archive[saltStart..<saltStart + PasswordHash.saltLength])
        let streamStart = saltStart + PasswordHash.saltLength
        streamHeader = Array(archive[streamStart..<streamStart + SecretStream.headerLength])
    }

    /// The stream key: Argon2id of the passphrase with this header's salt and limits.
    func key(passphrase: SecureBytes) throws -> SecureBytes {
        try PasswordHash.deriveKey(
            password: passphrase, salt: salt, outputLength: SecretStream.keyLength, limits: limits)
    }

    static func bigEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> (UInt64($0) * 8)) }
    }

    static func number(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        bytes[offset..<offset + width].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
