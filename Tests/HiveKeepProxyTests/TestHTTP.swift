import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Raw HTTP against the proxy with AsyncHTTPClient.
struct TestHTTP {
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:] }
        var errorCode: Int? { (json["error"] as? [String: Any])?["code"] as? Int }
        var resultText: String {
            guard let result = json["result"] as? [String: Any], let content = result["content"] as? [[String: Any]]
            else {
                return ""
            }
            return content.compactMap { $0["text"] as? String }.joined()
        }
    }

    let client: HTTPClient
    let base: String
    /// The proxy token sent as `Authorization: Bearer` unless a request sets its own `Authorization`.
    var token: String? = nil

    func send(
        _ method: HTTPMethod = .POST, _ path: String = "/mcp", headers: [(String, String)] = [], body: String? = nil
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        if body != nil { request.headers.add(name: "Content-Type", value: "application/json") }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(60))
        let collected = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: collected))
    }

    /// A session-era initialize; returns the session id.
    func initialize(version: String = "2025-06-18") async throws -> String {
        let reply = try await send(
            body: """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"\(version)",\
                "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}
                """)
        guard let session = reply.headers.first(name: "Mcp-Session-Id") else {
            throw TestSupportErrorLocal("no session id: \(reply.status) \(reply.body)")
        }
        _ = try await send(
            headers: [("Mcp-Session-Id", session)], body: #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        return session
    }

    /// A session-era tools/call.
    func sessionCall(_ session: String, id: String, tool: String = "get_current_time", timezone: String = "UTC")
        async throws -> Reply
    {
        try await send(
            headers: [("Mcp-Session-Id", session)],
            body: """
                {"jsonrpc":"2.0","id":\(id),"method":"tools/call","params":{"name":"\(tool)",\
                "arguments":{"timezone":"\(timezone)"}}}
                """)
    }

    static let envelope =
        #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#

    /// A stateless 2026-07-28 request with matching headers (override them to test mismatches).
    func stateless(
        _ method: String, id: String, params: String = "", name: String? = nil, headers: [(String, String)] = []
    ) async throws -> Reply {
        var all = [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", method)]
        if let name { all.append(("Mcp-Name", name)) }
        all += headers
        let separator = params.isEmpty ? "" : ","
        return try await send(
            headers: all,
            body:
                #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":{\#(params)\#(separator)\#(Self.envelope)}}"#
        )
    }
}

struct TestSupportErrorLocal: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
