/// A failure the proxy reports to a downstream client: an HTTP status and a JSON-RPC error.
struct ProxyFailure: Error, Sendable {
    var httpStatus: Int
    var code: Int
    var message: String

    static func unavailable(_ message: String) -> ProxyFailure {
        .init(httpStatus: 503, code: MCPProtocol.ErrorCode.upstreamUnavailable, message: message)
    }

    static func limit(_ message: String) -> ProxyFailure {
        .init(httpStatus: 429, code: MCPProtocol.ErrorCode.limitExceeded, message: message)
    }

    static func invalid(_ message: String, code: Int = MCPProtocol.ErrorCode.invalidRequest) -> ProxyFailure {
        .init(httpStatus: 400, code: code, message: message)
    }

    /// The JSON-RPC error response for request `id` (raw JSON; nil gives `null`).
    func response(id: [UInt8]?) -> [UInt8] {
        RPCBytes.error(id: id, code: code, message: message)
    }
}

/// Building small JSON-RPC messages by concatenation.
enum RPCBytes {
    static func error(id: [UInt8]?, code: Int, message: String) -> [UInt8] {
        Array("{\"jsonrpc\":\"2.0\",\"id\":".utf8) + (id ?? Array("null".utf8))
            + Array(",\"error\":{\"code\":\(code),\"message\":".utf8) + JSONBytes.literal(message) + [0x7D, 0x7D]
    }

    static func result(id: [UInt8], result: [UInt8]) -> [UInt8] {
        Array("{\"jsonrpc\":\"2.0\",\"id\":".utf8) + id + Array(",\"result\":".utf8) + result + [0x7D]
    }

    static func request(id: Int, method: String, params: [UInt8]) -> [UInt8] {
        Array("{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":".utf8) + JSONBytes.literal(method)
            + Array(",\"params\":".utf8) + params + [0x7D]
    }

    static func notification(method: String, params: [UInt8]?) -> [UInt8] {
        var out = Array("{\"jsonrpc\":\"2.0\",\"method\":".utf8) + JSONBytes.literal(method)
        if let params { out += Array(",\"params\":".utf8) + params }
        return out + [0x7D]
    }
}
