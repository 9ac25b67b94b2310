import AsyncHTTPClient
import Foundation
import HiveKeepProxy
import NIOHTTP1
import Testing

/// Sessions, origin checks and upstream restarts.
@Suite("Proxy sessions and safety", .serialized, .timeLimit(.minutes(4)))
struct ProxySessionTests {
    @Test("a foreign Origin or Host is refused with 403; loopback and configured origins pass")
    func originAndHostAreChecked() async throws {
        try await ProxyHarness.run(
            child: try StdioChild.timeServer(), allowedOrigins: ["https://app.example"]
        ) { (_, http) async throws in
            // Effects spelled out: the body's only `try await`s are inside #expect, which closure inference misses.
            let body =
                #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}"#
            #expect(try await http.send(headers: [("Origin", "http://evil.example")], body: body).status == 403)
            #expect(
                try await http.send(headers: [("Origin", "http://localhost.evil.example")], body: body).status == 403)
            #expect(try await http.send(headers: [("Host", "evil.example:80")], body: body).status == 403)
            #expect(try await http.send(headers: [("Origin", "http://localhost:5173")], body: body).status == 200)
            #expect(try await http.send(headers: [("Origin", "https://app.example")], body: body).status == 200)
        }
    }

    @Test("an unknown session is a 404, DELETE ends a session with 204, and the ended session is then unknown")
    func sessionLifecycle() async throws {
        try await ProxyHarness.run(child: try StdioChild.timeServer()) { _, http in
            #expect(try await http.sessionCall(UUID().uuidString, id: "1").status == 404)
            let session = try await http.initialize()
            #expect(try await http.sessionCall(session, id: "1").status == 200)
            let badVersion = try await http.send(
                headers: [("Mcp-Session-Id", session), ("MCP-Protocol-Version", "1999-01-01")],
                body: #"{"jsonrpc":"2.0","id":9,"method":"tools/list"}"#)
            #expect(badVersion.status == 400)
            #expect(try await http.send(.DELETE, headers: [("Mcp-Session-Id", session)]).status == 204)
            #expect(try await http.sessionCall(session, id: "2").status == 404)
            #expect(try await http.send(.DELETE, headers: [("Mcp-Session-Id", session)]).status == 404)
            let missing = try await http.send(body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#)
            #expect(missing.status == 400)
        }
    }

    @Test("after the server is killed and a new one attached, the same session keeps working")
    func detachAndReattach() async throws {
        try await ProxyHarness.run(child: try StdioChild.timeServer()) { harness, http in
            let session = try await http.initialize()
            #expect(try await http.sessionCall(session, id: "1").resultText.contains("UTC"))
            let before = harness.child.process.processIdentifier
            try await harness.replaceChild(with: try StdioChild.timeServer())
            #expect(harness.child.process.processIdentifier != before)
            let after = try await http.sessionCall(session, id: "2")
            #expect(after.status == 200)
            #expect(after.resultText.contains("UTC"))
        }
    }

    @Test("while detached, a request fails with a clear JSON-RPC error once the bounded wait is over")
    func detachedRequestsFailClearly() async throws {
        let limits = MCPProxyLimits(reattachWait: .milliseconds(300))
        try await ProxyHarness.run(child: try StdioChild.timeServer(), limits: limits) { harness, http in
            let session = try await http.initialize()
            harness.child.kill()
            await harness.bridge.detach(reason: "test killed the server")
            let reply = try await http.sessionCall(session, id: "1")
            #expect(reply.status == 503)
            #expect(reply.errorCode == -32000)
            #expect(try await http.send(.GET, "/health").status == 503)
        }
    }

    @Test("a session-era-only server: stateless clients get a synthesized server/discover, progress reaches the caller")
    func sessionEraUpstream() async throws {
        try await ProxyHarness.run(child: try StdioChild.echoServer()) { _, http in
            let discover = try await http.stateless("server/discover", id: "1")
            let result = discover.json["result"] as? [String: Any]
            #expect((result?["supportedVersions"] as? [String]) == ["2026-07-28"])
            let call = try await http.stateless(
                "tools/call", id: "\"c1\"", params: #""name":"echo","arguments":{"x":1}"#, name: "echo")
            #expect(call.json["id"] as? String == "c1")
            #expect(call.resultText.contains("\"x\": 1"))
            let session = try await http.initialize()
            let progress = try await http.send(
                headers: [("Mcp-Session-Id", session)],
                body:
                    #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{},"_meta":{"progressToken":"tok-1"}}}"#
            )
            #expect(progress.headers.first(name: "Content-Type") == "text/event-stream")
            let events = progress.body.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.dropFirst(6).utf8)) as? [String: Any]
            }
            #expect(events.count == 2)
            #expect((events.first?["params"] as? [String: Any])?["progressToken"] as? String == "tok-1")
            #expect(events.last?["id"] as? Int == 7)
        }
    }
}
