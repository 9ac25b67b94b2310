import Sodium

/// A malformed hexadecimal literal in a test vector.
struct InvalidHex: Error {
    let text: String
}

/// Decodes a hexadecimal test vector; whitespace is ignored so long vectors can be wrapped.
func hex(_ text: String) throws -> [UInt8] {
    let digits = Array(text.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") })
    guard digits.count.isMultiple(of: 2) else { throw InvalidHex(text: text) }
    var bytes: [UInt8] = []
    for index in stride(from: 0, to: digits.count, by: 2) {
        guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16)
        else {
            throw InvalidHex(text: text)
        }
        bytes.append(byte)
    }
    return bytes
}

/// Encodes bytes as lowercase hexadecimal for comparisons and messages.
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

extension SecureBytes {
    /// A copy of the contents as an ordinary array, for assertions only.
    var plainBytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}
