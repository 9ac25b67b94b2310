import Sodium
import Testing

@Suite("BLAKE2b")
struct BLAKE2bTests {
    @Test func emptyInputGivesKnownBLAKE2b512() throws {
        let digest = try BLAKE2b.hash([], outputLength: 64)
        #expect(
            hexString(digest)
                == "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce"
        )
    }

    /// RFC 7693 Appendix A.
    @Test func abcGivesRFC7693BLAKE2b512() throws {
        let digest = try BLAKE2b.hash(Array("abc".utf8), outputLength: 64)
        #expect(
            hexString(digest)
                == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
        )
    }

    @Test func defaultOutputIsBLAKE2b256() throws {
        let digest = try BLAKE2b.hash(Array("abc".utf8))
        #expect(BLAKE2b.defaultOutputLength == 32)
        #expect(hexString(digest) == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")
    }

    /// The BLAKE2 reference keyed KAT (blake2b-kat.txt): key 00..3f, empty input.
    @Test func keyedHashMatchesReferenceKAT() throws {
        let key = try SecureBytes(copying: Array(0..<64) as [UInt8])
        let digest = try BLAKE2b.hash([], outputLength: 64, key: key)
        #expect(
            hexString(digest)
                == "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
                + "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568"
        )
        #expect(digest != (try BLAKE2b.hash([], outputLength: 64)))
    }

    @Test func streamingInPiecesEqualsOneShot() throws {
        let message = Array(0..<200).map { UInt8($0) }
        let key = try SecureBytes.random(count: 32)
        var hasher = try BLAKE2bHasher(outputLength: 48, key: key)
        try hasher.update(Array(message[..<1]))
        try hasher.update([])
        try hasher.update(Array(message[1..<130]))
        try message[130...].withUnsafeBytes { try hasher.update($0) }
        let streamed = try hasher.finalize()
        #expect(streamed == (try BLAKE2b.hash(message, outputLength: 48, key: key)))
    }

    @Test func streamingWithoutKeyMatchesKnownDigest() throws {
        var hasher = try BLAKE2bHasher()
        try hasher.update(Array("a".utf8))
        try hasher.update(Array("bc".utf8))
        #expect(
            hexString(try hasher.finalize())
                == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")
    }

    @Test(arguments: [0, 15, 65])
    func outputLengthOutsideRangeIsRejected(length: Int) {
        #expect(throws: SodiumError.self) { try BLAKE2b.hash([1], outputLength: length) }
        #expect(throws: SodiumError.self) { _ = try BLAKE2bHasher(outputLength: length) }
    }

    @Test func keyOutsideRangeIsRejected() throws {
        let shortKey = try SecureBytes(count: 8)
        #expect(throws: SodiumError.invalidKeyLength(expected: 16, actual: 8)) {
            try BLAKE2b.hash([1], key: shortKey)
        }
        #expect(throws: SodiumError.self) { try BLAKE2b.hash([1], key: SecureBytes(count: 65)) }
    }
}
