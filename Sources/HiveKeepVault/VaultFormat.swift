/// The byte layout of a vault file, format version 1 (also in `docs/vault-format.md`).
///
/// All integers are unsigned big-endian. A file is a 148-byte header, a 16-byte copy of the vault id, then the
/// ciphertext:
///
/// | Offset | Size | Field                                                                    |
/// |-------:|-----:|--------------------------------------------------------------------------|
/// |      0 |    8 | magic `HKVAULT\0` (`48 4B 56 41 55 4C 54 00`)                            |
/// |      8 |    2 | format version (`1`)                                                     |
/// |     10 |    1 | KDF id (`1` = Argon2id v1.3, libsodium `crypto_pwhash`)                   |
/// |     11 |    1 | reserved, `0`                                                            |
/// |     12 |    4 | Argon2id passes (opslimit), 2...10                                       |
/// |     16 |    4 | Argon2id memory in KiB, 19456 (19 MiB)...1048576 (1 GiB)                  |
/// |     20 |   16 | salt, new on every password change                                       |
/// |     36 |   16 | vault id, random at creation, kept across writes and rotations           |
/// |     52 |   24 | XChaCha20-Poly1305 nonce, new on every write                             |
/// |     76 |    8 | body length N: ciphertext bytes including the 16-byte tag (N >= 16)      |
/// |     84 |   32 | key check: BLAKE2b-256 of ``keyCheckInput`` keyed with the check subkey  |
/// |    116 |   32 | header checksum: unkeyed BLAKE2b-256 of bytes 0..<116                    |
/// |    148 |   16 | vault id again (the body's own copy)                                     |
/// |    164 |    N | XChaCha20-Poly1305 ciphertext and tag of the map; associated data: 0..<148 |
///
/// Argon2id derives 64 bytes from the password and salt: bytes 0..<32 are the encryption key, 32..<64 the check
/// subkey. The plaintext map is `count` (4 bytes), then per entry in ascending key order: key length (4), key
/// (UTF-8), value length (4), value bytes.
///
/// A reader checks, in this order and before deriving any key: the magic, the version, the length of the header,
/// the checksum, the KDF id and reserved byte, the KDF bounds, the file length against N, and that the body's
/// vault id equals the header's. Only then does it derive the key (once per salt per process), compare the key
/// check (wrong password), and open the ciphertext (tampered body).
enum VaultFormat {
    /// `HKVAULT\0`.
    static let magic: [UInt8] = Array("HKVAULT".utf8) + [0]
    /// The only format version this build reads and writes.
    static let version: UInt16 = 1
    /// Argon2id v1.3.
    static let kdfArgon2id: UInt8 = 1

    static let saltLength = 16
    static let vaultIDLength = 16
    static let nonceLength = 24
    static let keyCheckLength = 32
    static let checksumLength = 32

    /// Bytes covered by the header checksum.
    static let checksummedLength = 116
    /// The whole header, checksum included.
    static let headerLength = 148
    /// Where the ciphertext starts.
    static let bodyOffset = headerLength + vaultIDLength

    /// Derived bytes: encryption key followed by the check subkey.
    static let derivedLength = 64
    /// The constant the key check authenticates.
    static let keyCheckInput: [UInt8] = Array("hivekeep vault key check v1".utf8)
}
