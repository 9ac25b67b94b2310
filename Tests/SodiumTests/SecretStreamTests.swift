import Sodium
import Testing

@Suite("secretstream")
struct SecretStreamTests {
    private func stream(_ chunks: [[UInt8]], key: SecureBytes) throws -> (header: [UInt8], chunks: [[UInt8]]) {
        let encryptor = try SecretStream.Encryptor(key: key)
        let sealed = try chunks.enumerated().map { index, chunk in
            try encryptor.push(chunk, tag: index == chunks.count - 1 ? .final : .message)
        }
        return (encryptor.header, sealed)
    }

    private func plain(_ bytes: SecureBytes) -> [UInt8] {
        bytes.withUnsafeBytes { Array($0) }
    }

    @Test("chunks come back in order with their tags, and the final one ends the stream")
    func roundTrip() throws {
        let key = try SecureBytes.random(count: SecretStream.keyLength)
        let sealed = try stream([Array("one".utf8), [], Array("three".utf8)], key: key)
        #expect(sealed.chunks.map(\.count) == [3 + 17, 17, 5 + 17])
        let decryptor = try SecretStream.Decryptor(key: key, header: sealed.header)
        let first = try decryptor.pull(sealed.chunks[0])
        #expect(plain(first.plaintext) == Array("one".utf8) && first.tag == .message)
        #expect(!decryptor.isFinished)
        _ = try decryptor.pull(sealed.chunks[1])
        let last = try decryptor.pull(sealed.chunks[2])
        #expect(plain(last.plaintext) == Array("three".utf8) && last.tag == .final)
        #expect(decryptor.isFinished)
        #expect(throws: SodiumError.authenticationFailed) { try decryptor.pull(sealed.chunks[2]) }
    }

    @Test("a wrong key, a flipped bit, a dropped or reordered chunk and other associated data are refused")
    func tamperingRefused() throws {
        let key = try SecureBytes.random(count: SecretStream.keyLength)
        let sealed = try stream([Array("a".utf8), Array("b".utf8), Array("c".utf8)], key: key)
        let other = try SecureBytes.random(count: SecretStream.keyLength)
        #expect(throws: SodiumError.authenticationFailed) {
            try SecretStream.Decryptor(key: other, header: sealed.header).pull(sealed.chunks[0])
        }
        var flipped = sealed.chunks[0]
        flipped[flipped.count - 1] ^= 1
        #expect(throws: SodiumError.authenticationFailed) {
            try SecretStream.Decryptor(key: key, header: sealed.header).pull(flipped)
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try SecretStream.Decryptor(key: key, header: sealed.header).pull(sealed.chunks[1])
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try SecretStream.Decryptor(key: key, header: sealed.header).pull(
                sealed.chunks[0], associatedData: [1])
        }
        #expect(throws: SodiumError.invalidKeyLength(expected: 32, actual: 16)) {
            try SecretStream.Encryptor(key: try SecureBytes.random(count: 16))
        }
    }

    @Test("nothing can be pushed after the final chunk")
    func finalEndsPushing() throws {
        let encryptor = try SecretStream.Encryptor(key: try SecureBytes.random(count: SecretStream.keyLength))
        _ = try encryptor.push([1], tag: .final)
        #expect(throws: SodiumError.self) { try encryptor.push([2], tag: .message) }
    }
}
