/// Strings: valid UTF-8, no raw control characters, only the escapes RFC 8259 lists, surrogate escapes in pairs.
extension StrictJSONScanner {
    /// Scans the string that starts at `index` (its opening quote); returns whether it contains an escape sequence.
    mutating func string() throws(Refusal) -> Bool {
        index += 1
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return escaped
            case UInt8(ascii: "\\"):
                escaped = true
                try escape()
            case 0x00..<0x20:
                throw .syntax("a control character inside a JSON string must be escaped")
            case 0x20..<0x80:
                index += 1
            default:
                try multiByte(byte)
            }
        }
        throw .syntax("the body ends inside a string")
    }

    private mutating func escape() throws(Refusal) {
        guard index + 1 < bytes.count else { throw .syntax("the body ends inside a string") }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
        case UInt8(ascii: "u"):
            let unit = try hexEscape()
            switch unit {
            case 0xD800..<0xDC00:
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u"),
                    case 0xDC00..<0xE000 = try hexEscape()
                else { throw .syntax("a lone UTF-16 surrogate escape in a string") }
            case 0xDC00..<0xE000:
                throw .syntax("a lone UTF-16 surrogate escape in a string")
            default:
                break
            }
        default:
            throw .syntax("an invalid escape sequence in a string")
        }
    }

    /// Reads `\uXXXX` at `index`.
    private mutating func hexEscape() throws(Refusal) -> UInt32 {
        guard index + 6 <= bytes.count else { throw .syntax("the body ends inside a string") }
        var unit: UInt32 = 0
        for offset in 2..<6 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw .syntax("an invalid \\u escape in a string")
            }
            unit = unit << 4 | UInt32(digit)
        }
        index += 6
        return unit
    }

    /// One UTF-8 sequence of two to four bytes (no overlong forms, no encoded surrogates, nothing past U+10FFFF).
    private mutating func multiByte(_ lead: UInt8) throws(Refusal) {
        let count: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: count = 2
        case 0xE0:
            count = 3
            second = 0xA0...0xBF
        case 0xED:
            count = 3
            second = 0x80...0x9F
        case 0xE1...0xEF: count = 3
        case 0xF0:
            count = 4
            second = 0x90...0xBF
        case 0xF1...0xF3: count = 4
        case 0xF4:
            count = 4
            second = 0x80...0x8F
        default: throw .syntax("the body is not valid UTF-8")
        }
        guard index + count <= bytes.count, second.contains(bytes[index + 1]) else {
            throw .syntax("the body is not valid UTF-8")
        }
        for offset in 2..<count where !(0x80...0xBF).contains(bytes[index + offset]) {
            throw .syntax("the body is not valid UTF-8")
        }
        index += count
    }
}
