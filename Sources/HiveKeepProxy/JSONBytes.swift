import Foundation

/// Byte-level JSON helpers: find members, replace or insert spans, without decoding or re-encoding whole bodies.
///
/// Ranges are offsets into the byte array that was scanned; a value range spans the complete value
/// (a string range includes its quotes).
enum JSONBytes {
    struct Malformed: Error {}

    static func skipWhitespace(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Advances `index` past the value that starts at it (after whitespace).
    static func skipValue(_ bytes: [UInt8], _ index: inout Int) throws {
        skipWhitespace(bytes, &index)
        guard index < bytes.count else { throw Malformed() }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    index += 2
                } else {
                    index += 1
                    if byte == UInt8(ascii: "\"") { return }
                }
            }
            throw Malformed()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    try skipValue(bytes, &index)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return
                    }
                default: break
                }
                index += 1
            }
            throw Malformed()
        default:
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D:
                    guard index > start else { throw Malformed() }
                    return
                default: index += 1
                }
            }
            guard index > start else { throw Malformed() }
        }
    }

    /// Calls `body` with the key range (without quotes) and value range of each member of the object at `object`.
    static func forEachMember(
        _ bytes: [UInt8], object: Range<Int>, _ body: (Range<Int>, Range<Int>) -> Bool
    ) throws {
        var index = object.lowerBound
        skipWhitespace(bytes, &index)
        guard index < object.upperBound, bytes[index] == UInt8(ascii: "{") else { throw Malformed() }
        index += 1
        while true {
            skipWhitespace(bytes, &index)
            guard index < object.upperBound else { throw Malformed() }
            if bytes[index] == UInt8(ascii: "}") { return }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            let keyStart = index
            try skipValue(bytes, &index)
            guard bytes[keyStart] == UInt8(ascii: "\"") else { throw Malformed() }
            let key = (keyStart + 1)..<(index - 1)
            skipWhitespace(bytes, &index)
            guard index < object.upperBound, bytes[index] == UInt8(ascii: ":") else { throw Malformed() }
            index += 1
            skipWhitespace(bytes, &index)
            let valueStart = index
            try skipValue(bytes, &index)
            if !body(key, valueStart..<index) { return }
        }
    }

    /// The value range of member `key` of the object at `object`, or nil.
    static func member(_ key: String, of bytes: [UInt8], in object: Range<Int>?) -> Range<Int>? {
        guard let object, isObject(bytes, object) else { return nil }
        var found: Range<Int>?
        try? forEachMember(bytes, object: object) { keyRange, value in
            if key.utf8.elementsEqual(bytes[keyRange]) {
                found = value
                return false
            }
            return true
        }
        return found
    }

    static func isObject(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        !range.isEmpty && bytes[range.lowerBound] == UInt8(ascii: "{")
    }

    /// The decoded string at `range` (a JSON string literal), or nil when it is not a string.
    static func string(_ bytes: [UInt8], _ range: Range<Int>?) -> String? {
        guard let range, range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
        let inner = bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]
        if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
        return try? JSONDecoder().decode(String.self, from: Data(bytes[range]))
    }

    /// `value` as a JSON string literal.
    static func literal(_ value: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    /// `bytes` with `range` replaced by `replacement`.
    static func replacing(_ bytes: [UInt8], _ range: Range<Int>, with replacement: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + replacement.count)
        out += bytes[..<range.lowerBound]
        out += replacement
        out += bytes[range.upperBound...]
        return out
    }

    /// `bytes` with `members` (`"key":value` pairs, comma-separated) inserted first into the object at `object`.
    static func inserting(_ members: [UInt8], into object: Range<Int>, of bytes: [UInt8]) -> [UInt8] {
        var after = object.lowerBound + 1
        skipWhitespace(bytes, &after)
        let empty = after < bytes.count && bytes[after] == UInt8(ascii: "}")
        let insertion = empty ? members : members + [UInt8(ascii: ",")]
        return replacing(bytes, (object.lowerBound + 1)..<(object.lowerBound + 1), with: insertion)
    }

    /// `bytes` without the members of the object at `object` whose keys are in `keys`.
    static func removingMembers(_ keys: [String], from object: Range<Int>, of bytes: [UInt8]) -> [UInt8] {
        var kept: [[UInt8]] = []
        var removed = false
        try? forEachMember(bytes, object: object) { key, value in
            if keys.contains(where: { $0.utf8.elementsEqual(bytes[key]) }) {
                removed = true
            } else {
                kept.append(Array(bytes[(key.lowerBound - 1)..<value.upperBound]))
            }
            return true
        }
        guard removed else { return bytes }
        var body: [UInt8] = [UInt8(ascii: "{")]
        for (index, member) in kept.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body += member
        }
        body.append(UInt8(ascii: "}"))
        return replacing(bytes, object, with: body)
    }
}
