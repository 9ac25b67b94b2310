import Sodium

/// The fixed 148-byte header of a vault file; see ``VaultFormat`` for the layout.
struct VaultHeader: Sendable, Equatable {
    var passes: UInt32
    var memoryKiB: UInt32
    var salt: [UInt8]
    var vaultID: [UInt8]
    var nonce: [UInt8]
    var bodyLength: UInt64
    var keyCheck: [UInt8]

    /// The Argon2id limits the header names (validate them before use).
    var limits: Argon2Limits {
        Argon2Limits(opsLimit: Int(passes), memLimitBytes: Int(memoryKiB) * 1024)
    }

    /// The 148 header bytes, checksum included: what goes into the file and into the associated data.
    func encoded() throws(SodiumError) -> [UInt8] {
        var bytes = VaultFormat.magic
        BigEndian.append(VaultFormat.version, to: &bytes)
        bytes.append(VaultFormat.kdfArgon2id)
        bytes.append(0)
        BigEndian.append(passes, to: &bytes)
        BigEndian.append(memoryKiB, to: &bytes)
        bytes += salt + vaultID + nonce
        BigEndian.append(bodyLength, to: &bytes)
        bytes += keyCheck
        bytes += try BLAKE2b.hash(bytes, outputLength: VaultFormat.checksumLength)
        return bytes
    }

    /// Parses and checks the header at the start of `file`, without deriving anything.
    ///
    /// Checks the magic, version, header length, checksum, KDF id, reserved byte and KDF bounds, in that order.
    static func decode(_ file: [UInt8]) throws(VaultError) -> VaultHeader {
        let magic = VaultFormat.magic
        guard file.count >= magic.count else {
            throw magic.starts(with: file)
                ? .truncated(expected: VaultFormat.headerLength, actual: file.count) : .notAVault
        }
        guard file.starts(with: magic) else { throw .notAVault }
        guard file.count >= magic.count + 2 else {
            throw .truncated(expected: VaultFormat.headerLength, actual: file.count)
        }
        let version = BigEndian.read(UInt16.self, from: file, at: 8)
        guard version == VaultFormat.version else { throw .unsupportedVersion(version) }
        guard file.count >= VaultFormat.headerLength else {
            throw .truncated(expected: VaultFormat.headerLength, actual: file.count)
        }
        let covered = Array(file[0..<VaultFormat.checksummedLength])
        let stored = Array(file[VaultFormat.checksummedLength..<VaultFormat.headerLength])
        guard let checksum = try? BLAKE2b.hash(covered, outputLength: VaultFormat.checksumLength), checksum == stored
        else { throw .headerCorrupt }
        guard file[10] == VaultFormat.kdfArgon2id, file[11] == 0 else { throw .headerCorrupt }
        let header = VaultHeader(
            passes: BigEndian.read(UInt32.self, from: file, at: 12),
            memoryKiB: BigEndian.read(UInt32.self, from: file, at: 16),
            salt: Array(file[20..<36]),
            vaultID: Array(file[36..<52]),
            nonce: Array(file[52..<76]),
            bodyLength: BigEndian.read(UInt64.self, from: file, at: 76),
            keyCheck: Array(file[84..<116])
        )
        do {
            try header.limits.validate()
        } catch {
            throw .kdfParametersOutOfBounds(passes: Int(header.passes), memoryKiB: Int(header.memoryKiB))
        }
        guard header.bodyLength >= UInt64(AEAD.tagLength) else { throw .headerCorrupt }
        return header
    }
}
