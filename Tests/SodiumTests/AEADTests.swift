import Sodium
import Testing

/// draft-irtf-cfrg-xchacha-03 §A.3.1: AEAD_XChaCha20_Poly1305 test vector.
private enum XChaChaVector {
    static let plaintext = Array(
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
            .utf8
    )
    static let associatedData = "50515253c0c1c2c3c4c5c6c7"
    static let key = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
    static let nonce = "404142434445464748494a4b4c4d4e4f5051525354555657"
    static let ciphertext = """
        bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216\
        cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13\
        b52e
        """
    static let tag = "c0875924c1c7987947deafd8780acf49"
}

@Suite("AEAD XChaCha20-Poly1305")
struct AEADTests {
    let key: SecureBytes
    let nonce: [UInt8]
    let associatedData: [UInt8]
    let sealed: [UInt8]

    init() throws {
        key = try SecureBytes(copying: hex(XChaChaVector.key))
        nonce = try hex(XChaChaVector.nonce)
        associatedData = try hex(XChaChaVector.associatedData)
        sealed = try hex(XChaChaVector.ciphertext) + hex(XChaChaVector.tag)
    }

    @Test func sizesMatchTheConstruction() {
        #expect(AEAD.keyLength == 32)
        #expect(AEAD.nonceLength == 24)
        #expect(AEAD.tagLength == 16)
    }

    @Test func sealMatchesTheDraftVector() throws {
        let output = try AEAD.seal(
            plaintext: XChaChaVector.plaintext, key: key, nonce: nonce, associatedData: associatedData
        )
        #expect(hexString(output) == hexString(sealed))
        let fromSecure = try AEAD.seal(
            plaintext: SecureBytes(copying: XChaChaVector.plaintext),
            key: key, nonce: nonce, associatedData: associatedData
        )
        #expect(fromSecure == sealed)
    }

    @Test func openRecoversTheDraftPlaintext() throws {
        let plaintext = try AEAD.open(
            ciphertext: sealed, key: key, nonce: nonce, associatedData: associatedData)
        #expect(plaintext.plainBytes == XChaChaVector.plaintext)
    }

    @Test func roundTripsWithRandomKeyAndNonce() throws {
        let key = try AEAD.generateKey()
        let nonce = try AEAD.randomNonce()
        let secret = try SecureBytes(copying: Array("token=abc123".utf8))
        let sealed = try AEAD.seal(plaintext: secret, key: key, nonce: nonce)
        #expect(sealed.count == secret.count + AEAD.tagLength)
        #expect(try AEAD.open(ciphertext: sealed, key: key, nonce: nonce).isEqual(to: secret))
    }

    @Test func emptyPlaintextRoundTrips() throws {
        let sealed = try AEAD.seal(
            plaintext: [UInt8](), key: key, nonce: nonce, associatedData: associatedData)
        #expect(sealed.count == AEAD.tagLength)
        #expect(
            try AEAD.open(ciphertext: sealed, key: key, nonce: nonce, associatedData: associatedData)
                .count == 0)
    }

    @Test func randomNoncesHaveNonceLengthAndDiffer() throws {
        let first = try AEAD.randomNonce()
        #expect(first.count == AEAD.nonceLength)
        #expect(first != (try AEAD.randomNonce()))
    }

    @Test func wrongKeyFailsAuthentication() throws {
        let otherKey = try AEAD.generateKey()
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(ciphertext: sealed, key: otherKey, nonce: nonce, associatedData: associatedData)
        }
    }

    @Test(arguments: [0, 57, 113])
    func tamperedCiphertextByteFailsAuthentication(index: Int) throws {
        var tampered = sealed
        tampered[index] ^= 0x01
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(ciphertext: tampered, key: key, nonce: nonce, associatedData: associatedData)
        }
    }

    @Test func tamperedTagFailsAuthentication() throws {
        var tampered = sealed
        tampered[tampered.count - 1] ^= 0x80
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(ciphertext: tampered, key: key, nonce: nonce, associatedData: associatedData)
        }
    }

    @Test func wrongOrMissingAssociatedDataFailsAuthentication() throws {
        var otherData = associatedData
        otherData[0] ^= 0x01
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(ciphertext: sealed, key: key, nonce: nonce, associatedData: otherData)
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(ciphertext: sealed, key: key, nonce: nonce)
        }
    }

    @Test func wrongNonceFailsAuthentication() throws {
        var otherNonce = nonce
        otherNonce[23] ^= 0x01
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(ciphertext: sealed, key: key, nonce: otherNonce, associatedData: associatedData)
        }
    }

    @Test func truncatedCiphertextFailsAuthentication() throws {
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(ciphertext: Array(sealed.prefix(10)), key: key, nonce: nonce)
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try AEAD.open(
                ciphertext: Array(sealed.dropLast()), key: key, nonce: nonce, associatedData: associatedData
            )
        }
    }

    @Test func badKeyAndNonceLengthsAreRejected() throws {
        let shortKey = try SecureBytes(count: 31)
        #expect(throws: SodiumError.invalidKeyLength(expected: 32, actual: 31)) {
            try AEAD.seal(plaintext: [1, 2, 3], key: shortKey, nonce: nonce)
        }
        #expect(throws: SodiumError.invalidKeyLength(expected: 32, actual: 31)) {
            try AEAD.open(ciphertext: sealed, key: shortKey, nonce: nonce)
        }
        #expect(throws: SodiumError.invalidNonceLength(expected: 24, actual: 12)) {
            try AEAD.seal(plaintext: [1, 2, 3], key: key, nonce: Array(nonce.prefix(12)))
        }
        #expect(throws: SodiumError.invalidNonceLength(expected: 24, actual: 25)) {
            try AEAD.open(ciphertext: sealed, key: key, nonce: nonce + [0])
        }
    }
}
