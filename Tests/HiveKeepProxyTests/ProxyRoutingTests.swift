import AsyncHTTPClient
import Foundation
import HiveKeepProxy
import NIOCore
import NIOHTTP1
import Testing

/// Server→client requests, the SSE transport's own rules, and limits.
@Suite("Proxy routing, SSE transport and limits", .serialized, .timeLimit(.minutes(3)))
struct ProxyRoutingTests {
    /// Reads `data:` lines of an open SSE response until `predicate` matches one.
    static func nextEvent(
        _ iterator: inout HTTPClientResponse.Body.AsyncIterator, buffer: inout String, where predicate: (String) -> Bool
    ) async throws -> String? {
        while true {
            while let newline = buffer.firstIndex(of: "\n") {
                let line = String(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.hasPrefix("data: "), predicate(line) { return String(line.dropFirst(6)) }
            }
            guard let chunk = try await iterator.next() else { return nil }
            buffer += String(buffer: chunk)
        }
    }

    @Test("a server request reaches the busy session's GET stream and its answer goes back to the server")
    func serverRequestRoundTrip() async throws {
        try await ProxyHarness.run(child: try StdioChild.echoServer()) { harness, http in
            let session = try await http.initialize()
            let other = try await http.initialize()
            var streamRequest = HTTPClientRequest(url: harness.url + "/mcp")
            streamRequest.headers.add(name: "Authorization", value: "Bearer \(harness.token)")
            streamRequest.headers.add(name: "Mcp-Session-Id", value: session)
            streamRequest.headers.add(name: "Accept", value: "text/event-stream")
            let stream = try await http.client.execute(streamRequest, timeout: .seconds(30))
            #expect(stream.status == .ok)
            async let call = http.sessionCall(session, id: "\"ask-1\"", tool: "ask")
            var iterator = stream.body.makeAsyncIterator()
            var buffer = ""
            let event = try #require(
                try await Self.nextEvent(&iterator, buffer: &buffer) { $0.contains("sampling/createMessage") })
            let request = try #require(try JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any])
            let serverID = try #require(request["id"] as? String)
            let answer =
                #"{"jsonrpc":"2.0","id":"\#(serverID)","result":{"role":"assistant","content":{"type":"text","text":"sampled!"},"model":"m"}}"#
            #expect(try await http.send(headers: [("Mcp-Session-Id", other)], body: answer).status == 400)
            #expect(try await http.send(headers: [("Mcp-Session-Id", session)], body: answer).status == 202)
            let reply = try await call
            #expect(reply.json["id"] as? String == "ask-1")
            #expect(reply.resultText.contains("sampled!"))
        }
    }

    @Test("a server request left unanswered when its session ends is answered with an error for the server")
    func serverRequestOfEndedSession() async throws {
        try await ProxyHarness.run(child: try StdioChild.echoServer()) { harness, http in
            let session = try await http.initialize()
            var streamRequest = HTTPClientRequest(url: harness.url + "/mcp")
            streamRequest.headers.add(name: "Authorization", value: "Bearer \(harness.token)")
            streamRequest.headers.add(name: "Mcp-Session-Id", value: session)
            let stream = try await http.client.execute(streamRequest, timeout: .seconds(30))
            async let call = http.sessionCall(session, id: "1", tool: "ask")
            var iterator = stream.body.makeAsyncIterator()
            var buffer = ""
            _ = try #require(
                try await Self.nextEvent(&iterator, buffer: &buffer) { $0.contains("sampling/createMessage") })
            #expect(try await http.send(.DELETE, headers: [("Mcp-Session-Id", session)]).status == 204)
            #expect(try await call.resultText.contains("the client session ended"))
        }
    }

    @Test("a server request with no client stream to take it is answered with an error, not dropped")
    func serverRequestWithoutStream() async throws {
        try await ProxyHarness.run(child: try StdioChild.echoServer()) { _, http in
            let session = try await http.initialize()
            let reply = try await http.sessionCall(session, id: "1", tool: "ask")
            #expect(reply.resultText.contains("-32603"))
        }
    }

    @Test("the SSE transport announces its endpoint, answers 400 and 404 for bad ids, and replies on the stream")
    func sseTransportRules() async throws {
        try await ProxyHarness.run(child: try StdioChild.echoServer()) { harness, http in
            #expect(try await http.send(.POST, "/messages", body: "{}").status == 400)
            #expect(try await http.send(.POST, "/messages?session_id=\(UUID().uuidString)", body: "{}").status == 404)
            var request = HTTPClientRequest(url: harness.url + "/sse")
            request.headers.add(name: "Authorization", value: "Bearer \(harness.token)")
            request.headers.add(name: "Accept", value: "text/event-stream")
            let stream = try await http.client.execute(request, timeout: .seconds(30))
            var iterator = stream.body.makeAsyncIterator()
            var buffer = ""
            let endpoint = try #require(try await Self.nextEvent(&iterator, buffer: &buffer) { _ in true })
            #expect(endpoint.hasPrefix("/messages?session_id="))
            let posted = try await http.send(
                .POST, endpoint,
                body: #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo","arguments":{"k":"v"}}}"#)
            #expect(posted.status == 202)
            let event = try #require(
                try await Self.nextEvent(&iterator, buffer: &buffer) {
                    $0.contains("\"id\":5") || $0.contains("\"id\": 5")
                }
            )
            #expect(event.contains("k"))
        }
    }

    @Test("sessions beyond the limit are refused with 503 and a JSON-RPC error")
    func sessionLimit() async throws {
        try await ProxyHarness.run(child: try StdioChild.echoServer(), limits: MCPProxyLimits(maxSessions: 2)) {
            _, http in
            _ = try await http.initialize()
            _ = try await http.initialize()
            let third = try await http.send(
                body:
                    #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}"#
            )
            #expect(third.status == 503)
            #expect(third.errorCode == -32002)
        }
    }
}
