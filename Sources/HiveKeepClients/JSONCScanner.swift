/// A tolerant scanner for JSON with comments and trailing commas (JWCC) that records where every part is.
///
/// It reads strings with their escapes, `//` and `/* */` comments and trailing commas, and returns byte offsets so
/// that an editor can replace one span of the file and keep every other byte as it was.
struct JSONCScanner {
    /// A value and its byte range; objects also carry their members.
    struct Value {
        enum Kind { case object, array, scalar }
        var kind: Kind
        var range: Range<Int>
        var members: [Member] = []
    }

    /// One `"key": value` of an object, with the offset of the comma after it when there is one.
    struct Member {
        var key: String
        var keyStart: Int
        var value: Value
        var comma: Int?
    }

    /// Why the text is not JSON with comments, at which byte.
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    private static let maximumDepth = 256

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The document's top-level value, or nil when the text holds only whitespace and comments.
    static func parse(_ bytes: [UInt8]) throws(Failure) -> Value? {
        var scanner = JSONCScanner(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.position = 3 }
        try scanner.skipTrivia()
        guard scanner.position < bytes.count else { return nil }
        let value = try scanner.value()
        try scanner.skipTrivia()
        guard scanner.position == bytes.count else { throw scanner.failure("unexpected text after the top value") }
        return value
    }

    private func failure(_ message: String) -> Failure { Failure(message: message, offset: position) }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipTrivia() throws(Failure) {
        while let byte = current {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                position += 1
            case UInt8(ascii: "/") where position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "/"):
                while let byte = current, byte != 0x0A { position += 1 }
            case UInt8(ascii: "/") where position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "*"):
                let start = position
                position += 2
                while position + 1 < bytes.count
                    && !(bytes[position] == UInt8(ascii: "*") && bytes[position + 1] == UInt8(ascii: "/"))
                {
                    position += 1
                }
                guard position + 1 < bytes.count else {
                    throw Failure(message: "unterminated comment", offset: start)
                }
                position += 2
            default:
                return
            }
        }
    }

    private mutating func value() throws(Failure) -> Value {
        guard let byte = current else { throw failure("unexpected end of text") }
        let start = position
        switch byte {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""):
            _ = try string()
        default:
            while let byte = current, Self.isScalarByte(byte) { position += 1 }
            guard position > start else { throw failure("unexpected character") }
            let word = bytes[start..<position]
            let literal = ["true", "false", "null"].contains { word.elementsEqual($0.utf8) }
            guard literal || word.allSatisfy(Self.isNumberByte) else {
                throw Failure(message: "invalid value", offset: start)
            }
        }
        return Value(kind: .scalar, range: start..<position)
    }

    private static func isScalarByte(_ byte: UInt8) -> Bool {
        isNumberByte(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
            || byte == UInt8(ascii: "E")
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("nested too deeply") }
    }

    private mutating func object() throws(Failure) -> Value {
        try enter()
        defer { depth -= 1 }
        let start = position
        position += 1
        var members: [Member] = []
        while true {
            try skipTrivia()
            guard let byte = current else { throw Failure(message: "unterminated object", offset: start) }
            if byte == UInt8(ascii: "}") { break }
            guard byte == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
            let keyStart = position
            let key = try string()
            try skipTrivia()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
            position += 1
            try skipTrivia()
            var member = Member(key: key, keyStart: keyStart, value: try value())
            try skipTrivia()
            if current == UInt8(ascii: ",") {
                member.comma = position
                position += 1
                members.append(member)
            } else {
                members.append(member)
                try skipTrivia()
                guard current == UInt8(ascii: "}") else { throw failure("expected ',' or '}'") }
                break
            }
        }
        position += 1
        return Value(kind: .object, range: start..<position, members: members)
    }

    private mutating func array() throws(Failure) -> Value {
        try enter()
        defer { depth -= 1 }
        let start = position
        position += 1
        while true {
            try skipTrivia()
            guard let byte = current else { throw Failure(message: "unterminated array", offset: start) }
            if byte == UInt8(ascii: "]") { break }
            _ = try value()
            try skipTrivia()
            if current == UInt8(ascii: ",") {
                position += 1
            } else {
                guard current == UInt8(ascii: "]") else { throw failure("expected ',' or ']'") }
                break
            }
        }
        position += 1
        return Value(kind: .array, range: start..<position)
    }

    /// Reads a string at `position` (on its opening quote) and returns its decoded text.
    private mutating func string() throws(Failure) -> String {
        let start = position
        position += 1
        var decoded: [UInt8] = []
        while let byte = current {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case 0x00..<0x20:
                throw Failure(message: "control character in a string", offset: position - 1)
            default:
                decoded.append(byte)
            }
        }
        throw Failure(message: "unterminated string", offset: start)
    }

    private mutating func escape(into decoded: inout [UInt8]) throws(Failure) {
        guard let byte = current else { throw failure("unterminated string") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar), current == UInt8(ascii: "\\"),
                position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
            {
                let afterHigh = position
                position += 2
                let low = try hex4()
                if (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    // Not a low surrogate (found by fuzzing: it overflowed): the high one alone becomes U+FFFD and
                    // the next escape is read on its own.
                    position = afterHigh
                }
            }
            decoded.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
        default:
            throw failure("invalid escape in a string")
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { throw failure("invalid \\u escape") }
        position += 4
        return value
    }
}
