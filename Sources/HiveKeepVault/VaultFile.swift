import Sodium

/// Sealing a map into vault file bytes, and checking and opening those bytes.
enum VaultFile {
    /// A file whose structure has been checked; nothing has been derived or decrypted yet.
    struct Parsed {
        var header: VaultHeader
        var headerBytes: [UInt8]
        var ciphertext: [UInt8]
    }

    /// Runs every check that needs no key: header (see ``VaultHeader/decode(_:)``), file length, and the body's
    /// copy of the vault id.
    static func parse(_ file: [UInt8]) throws(VaultError) -> Parsed {
        let header = try VaultHeader.decode(file)
        let announced =
            header.bodyLength > UInt64(Int.max / 2) ? Int.max : VaultFormat.bodyOffset + Int(header.bodyLength)
        guard file.count >= VaultFormat.bodyOffset else { throw .truncated(expected: announced, actual: file.count) }
        // Before the length: a header from another vault usually announces another body length too.
        guard Array(file[VaultFormat.headerLength..<VaultFormat.bodyOffset]) == header.vaultID else {
            throw .headerFromAnotherVault
        }
        guard file.count >= announced else { throw .truncated(expected: announced, actual: file.count) }
        guard file.count == announced else { throw .bodyTampered }
        return Parsed(
            header: header,
            headerBytes: Array(file[0..<VaultFormat.headerLength]),
            ciphertext: Array(file[VaultFormat.bodyOffset...])
        )
    }

    /// Checks the password through the key check, then decrypts and parses the body.
    static func open(_ parsed: Parsed, keys: VaultKeys) throws -> VaultContents {
        guard try keys.keyCheck() == parsed.header.keyCheck else { throw VaultError.wrongPassword }
        let plaintext: SecureBytes
        do {
            plaintext = try AEAD.open(
                ciphertext: parsed.ciphertext, key: keys.encryptionKey,
                nonce: parsed.header.nonce, associatedData: parsed.headerBytes
            )
        } catch .authenticationFailed {
            throw VaultError.bodyTampered
        }
        return VaultContents(base: try VaultCodec.decode(plaintext))
    }

    /// Encrypts a serialized map (``VaultContents/encoded()``) under `keys` with a fresh nonce: the complete bytes
    /// of a new vault file.
    static func seal(_ plaintext: SecureBytes, vaultID: [UInt8], keys: VaultKeys) throws -> [UInt8] {
        let header = VaultHeader(
            passes: UInt32(keys.limits.opsLimit),
            memoryKiB: UInt32(keys.limits.memLimitBytes / 1024),
            salt: keys.salt,
            vaultID: vaultID,
            nonce: try AEAD.randomNonce(),
            bodyLength: UInt64(plaintext.count + AEAD.tagLength),
            keyCheck: try keys.keyCheck()
        )
        let headerBytes = try header.encoded()
        let ciphertext = try AEAD.seal(
            plaintext: plaintext, key: keys.encryptionKey, nonce: header.nonce, associatedData: headerBytes
        )
        return headerBytes + vaultID + ciphertext
    }
}
