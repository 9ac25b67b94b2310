import Sodium
import Testing

/// An RFC 8032 §7.1 Ed25519 test vector (the "secret key" there is the 32-byte seed).
struct Ed25519Vector: Sendable, CustomTestStringConvertible {
    let name: String
    let seed: String
    let publicKey: String
    let message: String
    let signature: String

    var testDescription: String { name }

    static let rfc8032: [Ed25519Vector] = [
        Ed25519Vector(
            name: "TEST 1",
            seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            message: "",
            signature: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        ),
        Ed25519Vector(
            name: "TEST 2",
            seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            message: "72",
            signature: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        ),
        Ed25519Vector(
            name: "TEST 3",
            seed: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            message: "af82",
            signature: "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        ),
    ]
}

@Suite("Ed25519")
struct Ed25519Tests {
    @Test(arguments: Ed25519Vector.rfc8032)
    func seedGivesRFCPublicKeyAndSignature(vector: Ed25519Vector) throws {
        let pair = try SigningKeyPair(seed: SecureBytes(copying: hex(vector.seed)))
        #expect(hexString(pair.publicKey) == vector.publicKey)
        let signature = try pair.sign(hex(vector.message))
        #expect(hexString(signature) == vector.signature)
        #expect(
            try Ed25519.verify(
                signature: signature, message: hex(vector.message), publicKey: pair.publicKey))
    }

    @Test(arguments: Ed25519Vector.rfc8032)
    func rfcSignatureVerifiesAgainstRFCPublicKey(vector: Ed25519Vector) throws {
        #expect(
            try Ed25519.verify(
                signature: hex(vector.signature), message: hex(vector.message),
                publicKey: hex(vector.publicKey)
            )
        )
    }

    @Test func exportedSeedRebuildsTheSamePair() throws {
        let pair = try SigningKeyPair.generate()
        let seed = try pair.exportSeed()
        #expect(seed.count == Ed25519.seedLength)
        let rebuilt = try SigningKeyPair(seed: seed)
        #expect(rebuilt.publicKey == pair.publicKey)
        #expect(try rebuilt.sign([1, 2, 3]) == pair.sign([1, 2, 3]))
    }

    @Test func generatedPairsDifferAndSignVerifiably() throws {
        let first = try SigningKeyPair.generate()
        let second = try SigningKeyPair.generate()
        #expect(first.publicKey.count == Ed25519.publicKeyLength)
        #expect(first.publicKey != second.publicKey)
        let message = Array("run config v1".utf8)
        let signature = try first.sign(message)
        #expect(signature.count == Ed25519.signatureLength)
        #expect(Ed25519.verify(signature: signature, message: message, publicKey: first.publicKey))
        #expect(!Ed25519.verify(signature: signature, message: message, publicKey: second.publicKey))
    }

    @Test(arguments: [0, 31, 32, 63])
    func tamperedSignatureIsRejected(index: Int) throws {
        let vector = Ed25519Vector.rfc8032[2]
        var signature = try hex(vector.signature)
        signature[index] ^= 0x01
        #expect(
            !(try Ed25519.verify(
                signature: signature, message: hex(vector.message), publicKey: hex(vector.publicKey))))
    }

    @Test func modifiedMessageIsRejected() throws {
        let vector = Ed25519Vector.rfc8032[2]
        #expect(
            !(try Ed25519.verify(
                signature: hex(vector.signature), message: [0xaf, 0x83], publicKey: hex(vector.publicKey))))
        #expect(
            !(try Ed25519.verify(
                signature: hex(vector.signature), message: [0xaf], publicKey: hex(vector.publicKey))))
    }

    @Test func wrongPublicKeyIsRejected() throws {
        let vector = Ed25519Vector.rfc8032[2]
        let otherKey = try hex(Ed25519Vector.rfc8032[1].publicKey)
        #expect(
            !(try Ed25519.verify(
                signature: hex(vector.signature), message: hex(vector.message), publicKey: otherKey)))
    }

    @Test func badLengthsAreRejected() throws {
        let vector = Ed25519Vector.rfc8032[1]
        let signature = try hex(vector.signature)
        let message = try hex(vector.message)
        let publicKey = try hex(vector.publicKey)
        #expect(
            !Ed25519.verify(
                signature: Array(signature.dropLast()), message: message, publicKey: publicKey))
        #expect(!Ed25519.verify(signature: signature + [0], message: message, publicKey: publicKey))
        #expect(
            !Ed25519.verify(
                signature: signature, message: message, publicKey: Array(publicKey.dropLast())))
        #expect(!Ed25519.verify(signature: [], message: message, publicKey: []))
        #expect(throws: SodiumError.invalidSeedLength(expected: 32, actual: 31)) {
            try SigningKeyPair(seed: SecureBytes(count: 31))
        }
    }

    @Test func descriptionShowsOnlyThePublicKey() throws {
        let vector = Ed25519Vector.rfc8032[0]
        let pair = try SigningKeyPair(seed: SecureBytes(copying: hex(vector.seed)))
        #expect(pair.description == "SigningKeyPair(publicKey: \(vector.publicKey))")
        var dumped = ""
        dump(pair, to: &dumped)
        #expect(!dumped.contains(vector.seed))
        #expect(!dumped.contains("- 157"))  // how dump would list 0x9d, the seed's first byte
    }
}
