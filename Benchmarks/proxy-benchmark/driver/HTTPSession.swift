import Foundation

/// One session-era MCP client over streamable HTTP: `initialize` (keeping its `Mcp-Session-Id`),
/// `notifications/initialized`, then one tools/call at a time on a keep-alive connection, and DELETE at the end.
final class HTTPSession {
    let port: Int
    let messages: MCPMessages
    private var connection: HTTPConnection
    private var sessionID = ""
    private var protocolVersion = MCPMessages.sessionVersion
    private var headPrefix: [UInt8] = []
    private let callParts: (prefix: [UInt8], suffix: [UInt8])
    private var nextID = 10
    static let resultKey = Array(#""result""#.utf8)

    /// `Authorization: Bearer TOKEN` and its line end, or nothing.
    private let authorization: String

    init(port: Int, messages: MCPMessages, token: String?) throws {
        self.port = port
        authorization = token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        self.messages = messages
        connection = try HTTPConnection(port: port)
        callParts = messages.callParts(stateless: false)
    }

    /// Opens the session; retries for up to `timeoutSeconds` while the proxy is still starting its server.
    func open(timeoutSeconds: Double = 60) throws {
        let deadline = Monotonic.now() + UInt64(timeoutSeconds * 1e9)
        var lastProblem = ""
        while Monotonic.now() < deadline {
            let reply = try post(MCPMessages.initialize(id: 1), session: false)
            if reply.status == 200, let session = reply.sessionID, reply.body.containsBytes(Self.resultKey) {
                sessionID = session
                if let version = Self.negotiatedVersion(in: reply.body) { protocolVersion = version }
                let done = try post(MCPMessages.initialized, session: true)
                guard done.status == 202 || done.status == 200 || done.status == 204 else {
                    throw BenchmarkError("notifications/initialized answered \(done.status)")
                }
                return
            }
            lastProblem =
                "initialize answered \(reply.status): \(String(decoding: reply.body.prefix(300), as: UTF8.self))"
            usleep(200_000)
        }
        throw BenchmarkError(lastProblem)
    }

    /// One tools/call; true when a result (not an error) came back.
    func call() throws -> Bool {
        var body = callParts.prefix
        body += Array(String(nextID).utf8)
        body += callParts.suffix
        nextID += 1
        let reply = try post(body, session: true)
        return reply.status == 200 && reply.body.containsBytes(Self.resultKey)
    }

    /// Ends the session (errors ignored: the proxy is about to be stopped anyway).
    func close() {
        let request = Array(
            ("DELETE /mcp HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(authorization)Mcp-Session-Id: \(sessionID)\r\n"
                + "Content-Length: 0\r\n\r\n").utf8)
        _ = try? connection.exchange(request)
    }

    private func post(_ body: [UInt8], session: Bool) throws -> HTTPConnection.Reply {
        if !connection.reusable { connection = try HTTPConnection(port: port) }
        var head =
            "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\n" + authorization
        if session { head += "Mcp-Session-Id: \(sessionID)\r\nMCP-Protocol-Version: \(protocolVersion)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return try connection.exchange(Array(head.utf8) + body)
    }

    /// The `protocolVersion` of an initialize result (JSON or one SSE event).
    static func negotiatedVersion(in body: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: body, as: UTF8.self)
        guard let key = text.range(of: #""protocolVersion":""#) else { return nil }
        let rest = text[key.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
