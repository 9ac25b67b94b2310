/// The recursive-descent validator behind ``StrictJSON``: no allocation except for member names of the envelope,
/// `params` and `params._meta` (kept to find duplicates).
struct StrictJSONScanner {
    typealias Refusal = StrictJSON.Refusal
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func value(level: StrictJSON.Level, depth: Int) throws(Refusal) {
        skipWhitespace()
        guard index < bytes.count else { throw .syntax("the body ends inside a JSON value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(level: level, depth: depth + 1)
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try number()
        }
    }

    private mutating func object(level: StrictJSON.Level, depth: Int) throws(Refusal) {
        guard depth <= StrictJSON.maxDepth else { throw .syntax("JSON nested deeper than \(StrictJSON.maxDepth)") }
        index += 1
        var names = MemberNames()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw .syntax("a member name must be a string")
            }
            let start = index + 1
            let escaped = try string()
            let key = bytes[start..<(index - 1)]
            if level != .other {
                if escaped { throw .ambiguous("a member name in \(level.name) contains an escape sequence") }
                if !names.insert(key) {
                    throw .ambiguous(
                        "duplicate member \"\(String(decoding: key.prefix(64), as: UTF8.self))\" in \(level.name)")
                }
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw .syntax("expected ':'") }
            index += 1
            try value(level: level == .other ? .other : level.child(forKey: key), depth: depth)
            skipWhitespace()
            guard index < bytes.count else { throw .syntax("the body ends inside an object") }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw .syntax("expected ',' or '}'") }
            index += 1
        }
    }

    private mutating func array(depth: Int) throws(Refusal) {
        guard depth <= StrictJSON.maxDepth else { throw .syntax("JSON nested deeper than \(StrictJSON.maxDepth)") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try value(level: .other, depth: depth)
            skipWhitespace()
            guard index < bytes.count else { throw .syntax("the body ends inside an array") }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw .syntax("expected ',' or ']'") }
            index += 1
        }
    }

    private mutating func literal(_ word: StaticString) throws(Refusal) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            bytes[index..<(index + count)].elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: count))
        else { throw .syntax("invalid JSON literal") }
        index += count
    }

    private mutating func number() throws(Refusal) {
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw .syntax("invalid JSON value") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            digits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw .syntax("invalid JSON number") }
            digits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw .syntax("invalid JSON number") }
            digits()
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func digits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
}

/// Member names seen in one object: a short list, a set beyond it (so a huge object is not quadratic).
struct MemberNames {
    private var few: [UnsafeBufferPointer<UInt8>.SubSequence] = []
    private var many: Set<[UInt8]>?

    /// Adds `name`; false when it was already there.
    mutating func insert(_ name: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        if many != nil { return many?.insert(Array(name)).inserted ?? false }
        if few.contains(where: { $0.elementsEqual(name) }) { return false }
        few.append(name)
        if few.count > 16 { many = Set(few.map { Array($0) }) }
        return true
    }
}
