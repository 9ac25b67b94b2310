/// Just enough JSON for the echo server: the raw byte ranges of an object's members, never a decoded tree, so a
/// value can be echoed back verbatim (the benchmark measures the proxy, not this server's JSON library).
enum JSONScan {
    /// The members of the object that starts at `start` (after whitespace), as raw key and value ranges; the key
    /// range excludes its quotes. Nil when the bytes there are not an object.
    static func members(_ bytes: [UInt8], in range: Range<Int>) -> [(key: Range<Int>, value: Range<Int>)]? {
        var index = skipSpace(bytes, range.lowerBound, range.upperBound)
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var result: [(key: Range<Int>, value: Range<Int>)] = []
        while true {
            index = skipSpace(bytes, index, range.upperBound)
            guard index < range.upperBound else { return nil }
            if bytes[index] == UInt8(ascii: "}") { return result }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "\""), let keyEnd = skipValue(bytes, index, range.upperBound) else {
                return nil
            }
            let key = (index + 1)..<(keyEnd - 1)
            index = skipSpace(bytes, keyEnd, range.upperBound)
            guard index < range.upperBound, bytes[index] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipSpace(bytes, index + 1, range.upperBound)
            guard let valueEnd = skipValue(bytes, valueStart, range.upperBound) else { return nil }
            result.append((key, valueStart..<valueEnd))
            index = valueEnd
        }
    }

    /// The raw value of member `name` of the object in `range`.
    static func member(_ name: String, of bytes: [UInt8], in range: Range<Int>) -> Range<Int>? {
        guard let members = members(bytes, in: range) else { return nil }
        let wanted = Array(name.utf8)
        return members.first { bytes[$0.key].elementsEqual(wanted) }?.value
    }

    /// The contents of a string value without its quotes (escapes left as they are).
    static func stringContents(_ bytes: [UInt8], _ range: Range<Int>) -> ArraySlice<UInt8>? {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
        return bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]
    }

    private static func skipSpace(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
        {
            index += 1
        }
        return index
    }

    /// The index just past the value that starts at `start`.
    private static func skipValue(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        guard start < end else { return nil }
        var index = start
        var depth = 0
        var inString = false
        while index < end {
            let byte = bytes[index]
            index += 1
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return index }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return index - 1 }
                depth -= 1
                if depth == 0 { return index }
            case UInt8(ascii: ","), 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 { return index - 1 }
            default: break
            }
        }
        return depth == 0 && !inString ? end : nil
    }
}
