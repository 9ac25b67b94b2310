import Foundation

/// Base64 for envelopes: standard padded output; input in either alphabet (standard `+/` or URL-safe `-_`), padded
/// or not, as DSSE allows.
enum Base64 {
    /// Standard, padded base64 of `bytes`.
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// The bytes of `text` in either alphabet with or without padding; nil for anything else (whitespace, a bad
    /// length, characters outside the alphabets, padding in the middle).
    static func decode(_ text: String) -> [UInt8]? {
        var characters = Array(text.utf8)
        var padding = 0
        while characters.last == UInt8(ascii: "=") {
            characters.removeLast()
            padding += 1
        }
        guard padding <= 2, characters.count % 4 != 1 else { return nil }
        if padding > 0, (characters.count + padding) % 4 != 0 { return nil }
        for index in characters.indices {
            switch characters[index] {
            case UInt8(ascii: "-"): characters[index] = UInt8(ascii: "+")
            case UInt8(ascii: "_"): characters[index] = UInt8(ascii: "/")
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                continue
            default: return nil
            }
        }
        while characters.count % 4 != 0 {
            characters.append(UInt8(ascii: "="))
        }
        guard let data = Data(base64Encoded: Data(characters)) else { return nil }
        return Array(data)
    }
}

/// Lowercase hexadecimal for public values (key ids).
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `bytes` as lowercase hexadecimal.
    static func encode(_ bytes: [UInt8]) -> String {
        var characters: [UInt8] = []
        characters.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
