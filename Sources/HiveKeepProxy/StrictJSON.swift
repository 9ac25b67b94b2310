/// The strict reading of a downstream JSON-RPC body, so that the proxy and the server see the same message.
///
/// One pass over the bytes checks that the body is exactly one RFC 8259 JSON object (no batch, no trailing data, valid
/// UTF-8 with no encoded or escaped lone surrogates, no control characters in strings, nesting at most
/// ``maxDepth``) and that the members the proxy interprets cannot be read two ways: in the envelope, in `params` and
/// in `params._meta`, no member name appears twice (parsers differ on which one wins) and no member name contains an
/// escape sequence (the proxy compares raw bytes). Anything else is refused before it is forwarded.
enum StrictJSON {
    /// The deepest nesting of arrays and objects accepted (the `mcp` Python SDK's parser stops at 200).
    static let maxDepth = 128

    /// Why a body was refused: a JSON-RPC error code and a message that names the problem.
    struct Refusal: Error, Equatable {
        var code: Int
        var message: String

        static func syntax(_ message: String) -> Refusal {
            .init(code: MCPProtocol.ErrorCode.parseError, message: message)
        }
        static func ambiguous(_ message: String) -> Refusal {
            .init(code: MCPProtocol.ErrorCode.invalidRequest, message: message)
        }
    }

    /// Which object the scanner is in: the ones the proxy reads get the member-name rules.
    enum Level: Equatable {
        case envelope, params, meta, other

        var name: String {
            switch self {
            case .envelope: "the message"
            case .params: "params"
            case .meta: "params._meta"
            case .other: "a value"
            }
        }

        func child(forKey key: UnsafeBufferPointer<UInt8>.SubSequence) -> Level {
            switch self {
            case .envelope where key.elementsEqual("params".utf8): .params
            case .params where key.elementsEqual("_meta".utf8): .meta
            default: .other
            }
        }
    }

    /// Checks `bytes`; throws the refusal when the body must not be forwarded.
    static func check(_ bytes: [UInt8]) throws(Refusal) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Refusal) in
            var scanner = StrictJSONScanner(bytes: buffer)
            scanner.skipWhitespace()
            guard scanner.index < buffer.count else { throw .syntax("the body is empty") }
            switch buffer[scanner.index] {
            case UInt8(ascii: "["): throw .ambiguous("JSON-RPC batches are not supported")
            case UInt8(ascii: "{"): break
            default: throw .ambiguous("the body is not a JSON-RPC message (a JSON object)")
            }
            try scanner.value(level: .envelope, depth: 0)
            scanner.skipWhitespace()
            guard scanner.index == buffer.count else { throw .syntax("the body has data after the JSON value") }
        }
    }
}
