import Foundation

/// SplitMix64: a seeded generator, so a failing property case can be replayed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random JSON-RPC bodies for the strict-parsing property tests: random member orders, whitespace, nesting, unicode
/// (raw and escaped), escapes in values and in deep member names, duplicates deep inside arguments; and, in about
/// half of the cases, one defect the proxy must refuse (``Case/refuse``).
struct MessageGenerator {
    struct Case {
        var bytes: [UInt8]
        /// Whether the proxy must refuse it (a defect was put in); `label` names the defect or "clean".
        var refuse: Bool
        var label: String
    }

    var random: SeededRandom
    static let names = ["echo", "secret", "alias", "nope", #"ech\u006f"#, #"\u0073ecret"#, #"\/echo"#]
    static let methods = [#""tools/call""#, #""tools/call""#, #""tools\/call""#, #""\u0074ools/call""#, #""ping""#]
    static let defects = [
        "duplicate in the message", "duplicate in params", "duplicate in _meta", "escaped name in the message",
        "escaped name in params", "escaped name in _meta", "lone surrogate", "trailing data", "batch", "invalid UTF-8",
        "control character", "too deep", "NaN", "method not a string",
    ]

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    var space: String { "" }
    mutating func gap() -> String { chance(80) ? "" : pick([" ", "\n", "\t ", "\r\n  "]) }

    mutating func object(_ members: [(String, String)]) -> String {
        "{" + gap() + members.map { "\"\($0.0)\"" + gap() + ":" + gap() + $0.1 }.joined(separator: "," + gap()) + gap()
            + "}"
    }

    /// A string literal with ASCII, raw multi-byte characters and escapes (including surrogate pairs).
    mutating func stringLiteral() -> String {
        var out = "\""
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            out += pick(["a", "Z", " ", "é", "日本", "😀", #"\u00e9"#, #"\ud83d\ude00"#, #"\n"#, #"\""#, #"\\"#, "/"])
        }
        return out + "\""
    }

    /// A random value; objects may repeat or escape member names (both harmless below `params`).
    mutating func value(depth: Int) -> String {
        switch depth > 3 ? Int.random(in: 0..<4, using: &random) : Int.random(in: 0..<7, using: &random) {
        case 0: return stringLiteral()
        case 1: return pick(["0", "-1", "12.5e3", "1E-2", "true", "false", "null"])
        case 2: return pick(["\"x\"", "42"])
        case 3: return pick(["[]", "{}"])
        case 4:
            return "["
                + (0..<Int.random(in: 1...3, using: &random)).map { _ in value(depth: depth + 1) }.joined(
                    separator: ",") + "]"
        default:
            var members: [(String, String)] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                members.append((pick(["k", "name", "method", #"n\u0061me"#, "ключ"]), value(depth: depth + 1)))
            }
            if chance(30), let first = members.first { members.append((first.0, value(depth: depth + 1))) }
            return object(members)
        }
    }

    /// The next case.
    mutating func next() -> Case {
        let defect: String? = chance(50) ? pick(Self.defects) : nil
        var meta: [(String, String)] = [("progressToken", pick(["\"t\"", "7"]))]
        if chance(50) { meta.append(("io.modelcontextprotocol/protocolVersion", "\"2026-07-28\"")) }
        var params: [(String, String)] = [("name", "\"\(pick(Self.names))\""), ("arguments", value(depth: 1))]
        if chance(60) { params.append(("_meta", "")) }
        var envelope: [(String, String)] = [
            ("jsonrpc", "\"2.0\""), ("id", pick(["1", "\"a\"", "99"])), ("method", pick(Self.methods)), ("params", ""),
        ]
        switch defect {
        case "duplicate in the message":
            envelope.append(
                pick([("method", "\"tools/list\""), ("id", "2"), ("jsonrpc", "\"2.0\""), ("params", "{}")]))
        case "duplicate in params": params.append(("name", "\"\(pick(Self.names))\""))
        case "duplicate in _meta":
            if !params.contains(where: { $0.0 == "_meta" }) { params.append(("_meta", "")) }
            meta.append(("progressToken", "\"u\""))
        case "escaped name in the message": envelope[2].0 = pick([#"m\u0065thod"#, #"\u006dethod"#, #"metho\u0044"#])
        case "escaped name in params": params[0].0 = pick([#"n\u0061me"#, #"nam\u0065"#])
        case "escaped name in _meta":
            if !params.contains(where: { $0.0 == "_meta" }) { params.append(("_meta", "")) }
            meta[0].0 = #"progress\u0054oken"#
        case "lone surrogate": params[0].1 = pick([#""\ud800""#, #""echo\udc00""#, #""\ud83d x""#])
        case "method not a string": envelope[2].1 = pick(["5", "null", "[\"tools/call\"]"])
        case "NaN": params[1].1 = pick(["NaN", "[Infinity]", "-Infinity"])
        case "too deep": params[1].1 = String(repeating: "[", count: 130) + String(repeating: "]", count: 130)
        default: break
        }
        if let index = params.firstIndex(where: { $0.0 == "_meta" }) {
            params[index].1 = object(meta.shuffled(using: &random))
        }
        if let index = envelope.firstIndex(where: { $0.0 == "params" }) {
            envelope[index].1 = object(params.shuffled(using: &random))
        }
        for index in envelope.indices where envelope[index].0 == "params" && envelope[index].1.isEmpty {
            envelope[index].1 = "{}"
        }
        var bytes = Array((gap() + object(envelope.shuffled(using: &random)) + gap()).utf8)
        switch defect {
        case "trailing data": bytes += Array(pick([" x", "{}", "]", ",1"]).utf8)
        case "batch": bytes = Array("[".utf8) + bytes + Array("]".utf8)
        case "invalid UTF-8", "control character":
            let bad: [UInt8] =
                defect == "control character" ? [0x01] : pick([[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80]])
            if let quote = bytes.lastIndex(of: UInt8(ascii: "\"")) { bytes.insert(contentsOf: bad, at: quote) }
        default: break
        }
        return Case(bytes: bytes, refuse: defect != nil, label: defect ?? "clean")
    }
}
