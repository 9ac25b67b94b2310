import Sodium
import Testing

@Suite("SecureBytes")
struct SecureBytesTests {
    @Test func newBufferIsZeroFilled() throws {
        let buffer = try SecureBytes(count: 64)
        #expect(buffer.count == 64)
        #expect(buffer.plainBytes == [UInt8](repeating: 0, count: 64))
    }

    @Test func copyingInitializerCopiesFromArraysStringsAndRawBuffers() throws {
        let source: [UInt8] = [1, 2, 3, 250]
        #expect(try SecureBytes(copying: source).plainBytes == source)
        #expect(try SecureBytes(copying: "pässword".utf8).plainBytes == Array("pässword".utf8))
        let fromRaw = try source.withUnsafeBytes { try SecureBytes(copying: $0) }
        #expect(fromRaw.plainBytes == source)
        #expect(try SecureBytes(copying: source[1...]).plainBytes == [2, 3, 250])
    }

    @Test func emptyBufferIsUsable() throws {
        let empty = try SecureBytes(count: 0)
        #expect(empty.count == 0)
        #expect(empty.plainBytes.isEmpty)
        #expect(empty.isEqual(to: try SecureBytes(copying: [UInt8]())))
    }

    @Test func negativeCountIsRejected() {
        #expect(throws: SodiumError.self) {
            try SecureBytes(count: -1)
        }
    }

    @Test func writesThroughMutableViewAreVisibleToReaders() throws {
        let buffer = try SecureBytes(count: 3)
        buffer.withUnsafeMutableBytes { bytes in
            bytes[0] = 7
            bytes[2] = 9
        }
        #expect(buffer.plainBytes == [7, 0, 9])
    }

    @Test func randomBuffersDifferAndAreNotAllZero() throws {
        let first = try SecureBytes.random(count: 32)
        let second = try SecureBytes.random(count: 32)
        #expect(first.count == 32)
        #expect(first.plainBytes != [UInt8](repeating: 0, count: 32))
        #expect(!first.isEqual(to: second))
    }

    @Test func equalityComparesContentsAndLength() throws {
        let bytes: [UInt8] = [0xde, 0xad, 0xbe, 0xef]
        let first = try SecureBytes(copying: bytes)
        #expect(first.isEqual(to: try SecureBytes(copying: bytes)))
        #expect(first == (try SecureBytes(copying: bytes)))
        #expect(first.isEqual(to: bytes))
        #expect(!first.isEqual(to: try SecureBytes(copying: [0xde, 0xad, 0xbe, 0xee])))
        #expect(!first.isEqual(to: try SecureBytes(copying: [0xde, 0xad, 0xbe])))
        #expect(!first.isEqual(to: [0xde, 0xad, 0xbe, 0xef, 0x00]))
        #expect(first.isEqual(to: first))
    }

    @Test func descriptionsNeverShowTheContents() throws {
        let secret = try SecureBytes(copying: Array("hunter2-hunter2".utf8))
        let expected = "SecureBytes(<redacted>, 15 bytes)"
        #expect(secret.description == expected)
        #expect(secret.debugDescription == expected)
        #expect(String(describing: secret) == expected)
        #expect(String(reflecting: secret) == expected)
        #expect("\(secret)" == expected)
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(!dumped.contains("- 104"))  // how dump would list the byte 'h'
        #expect(!String(describing: [secret]).contains("hunter2"))
    }

    @Test func concurrentReadersSeeTheSameBytes() async throws {
        let shared = try SecureBytes.random(count: 48)
        let expected = shared.plainBytes
        let results = await withTaskGroup(of: [UInt8].self, returning: [[UInt8]].self) { group in
            for _ in 0..<16 {
                group.addTask { shared.plainBytes }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test func writeOverlappingAReadStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let buffer = try SecureBytes(count: 4)
            buffer.withUnsafeBytes { _ in
                buffer.withUnsafeMutableBytes { $0[0] = 1 }
            }
        }
    }

    @Test func nestedReadsOfTheSameBufferAreAllowed() throws {
        let buffer = try SecureBytes(copying: [1, 2, 3])
        let sum = buffer.withUnsafeBytes { outer in
            buffer.withUnsafeBytes { inner in Int(outer[0]) + Int(inner[2]) }
        }
        #expect(sum == 4)
        #expect(buffer.isEqual(to: buffer))
    }

    @Test func initializationIsIdempotent() throws {
        try Sodium.initialize()
        try Sodium.initialize()
        #expect(Sodium.libraryVersion.hasPrefix("1."))
    }

    @Test func randomBytesHaveTheRequestedLengthAndDiffer() throws {
        let first = try Random.bytes(count: 24)
        let second = try Random.bytes(count: 24)
        #expect(first.count == 24)
        #expect(first != second)
        #expect(try Random.bytes(count: 0).isEmpty)
        #expect(throws: SodiumError.self) { try Random.bytes(count: -1) }
        let buffer = try SecureBytes(count: 32)
        try Random.fill(buffer)
        #expect(buffer.plainBytes != [UInt8](repeating: 0, count: 32))
        #expect(try Random.secureBytes(count: 16).count == 16)
    }
}
