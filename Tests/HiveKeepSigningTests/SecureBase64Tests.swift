import Foundation
import Sodium
import Testing

@Suite("Guarded base64 of the signing key record")
struct SecureBase64Tests {
    @Test("bytes round-trip through standard padded base64 without leaving guarded memory")
    func roundTrip() throws {
        for count in [0, 1, 2, 3, 32, 33] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 37 + 250) }
            let text = try SecureBytes(copying: bytes).base64Encoded()
            let expected = Array(Data(bytes).base64EncodedString().utf8)
            #expect(text.withUnsafeBytes { Array($0) } == expected)
            #expect(try SecureBytes.decodingBase64(text).withUnsafeBytes { Array($0) } == bytes)
        }
    }

    @Test("text that is not complete standard padded base64 is refused")
    func refusesMalformed() throws {
        for text in ["aGk", "a-_8", "aGk=x", "!!!!", "aGk=\n"] {
            #expect(throws: SodiumError.self) {
                try SecureBytes.decodingBase64(try SecureBytes(copying: Array(text.utf8)))
            }
        }
    }
}
