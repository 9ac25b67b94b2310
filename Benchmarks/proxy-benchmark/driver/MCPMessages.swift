/// The JSON-RPC messages the load generator sends, as bytes.
struct MCPMessages: Sendable {
    /// The tool each server is called with and its arguments (a JSON object).
    let tool: String
    let arguments: String
    /// The session-era revision the HTTP clients ask for.
    static let sessionVersion = "2025-06-18"
    static let statelessVersion = "2026-07-28"
    static let envelope =
        #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","#
        + #""io.modelcontextprotocol/clientCapabilities":{},"#
        + #""io.modelcontextprotocol/clientInfo":{"name":"hivekeep-proxy-benchmark","version":"1"}}"#

    static func initialize(id: Int) -> [UInt8] {
        Array(
            (#"{"jsonrpc":"2.0","id":\#(id),"method":"initialize","params":{"protocolVersion":"\#(sessionVersion)","#
                + #""capabilities":{},"clientInfo":{"name":"hivekeep-proxy-benchmark","version":"1"}}}"#).utf8)
    }

    static let initialized = Array(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8)

    static func discover(id: Int) -> [UInt8] {
        Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"server/discover","params":{\#(envelope)}}"#.utf8)
    }

    /// The bytes before and after the id of a tools/call; `stateless` adds the 2026-07-28 envelope.
    func callParts(stateless: Bool) -> (prefix: [UInt8], suffix: [UInt8]) {
        let meta = stateless ? ",\(Self.envelope)" : ""
        return (
            Array(#"{"jsonrpc":"2.0","id":"#.utf8),
            Array(#","method":"tools/call","params":{"name":"\#(tool)","arguments":\#(arguments)\#(meta)}}"#.utf8)
        )
    }
}

/// Finds the top-level `"id"` of a JSON-RPC message and reads it as an integer.
enum MessageID {
    static func integer(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var depth = 0
        var inString = false
        var index = 0
        let key = Array(#""id""#.utf8)
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
            } else if byte == UInt8(ascii: "\"") {
                if depth == 1, index + 4 <= bytes.count, bytes[index..<(index + 4)].elementsEqual(key) {
                    return number(in: bytes, after: index + 4)
                }
                inString = true
            }
            index += 1
        }
        return nil
    }

    private static func number(in bytes: UnsafeBufferPointer<UInt8>, after start: Int) -> Int? {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: ":") || bytes[index] == UInt8(ascii: " ") {
            index += 1
        }
        var value = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        return digits > 0 ? value : nil
    }
}

extension Collection where Element == UInt8 {
    /// Whether `needle` occurs in the bytes.
    func containsBytes(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first, count >= needle.count else { return false }
        var index = startIndex
        while let found = self[index...].firstIndex(of: first) {
            if self[found...].starts(with: needle) { return true }
            index = self.index(after: found)
        }
        return false
    }
}
