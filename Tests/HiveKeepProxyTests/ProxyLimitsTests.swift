import AsyncHTTPClient
import Foundation
import HiveKeepProxy
import NIOCore
import NIOHTTP1
import Testing

extension TestHTTP {
    /// A tools/call, in `session` (session era) or stateless when `session` is nil.
    func call(_ session: String?, id: String, _ tool: String, _ arguments: String = "{}") async throws -> Reply {
        guard let session else {
            return try await stateless(
                "tools/call", id: id, params: #""name":"\#(tool)","arguments":\#(arguments)"#, name: tool)
        }
        return try await send(
            headers: [("Mcp-Session-Id", session)],
            body:
                #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"\#(tool)","arguments":\#(arguments)}}"#
        )
    }

    /// What the control server has received so far (its `seen` tool), asked from `session`.
    func seen(_ session: String) async throws -> [String: Any] {
        let reply = try await call(session, id: "\"seen\"", "seen")
        guard let object = try JSONSerialization.jsonObject(with: Data(reply.resultText.utf8)) as? [String: Any] else {
            throw TestSupportErrorLocal("seen answered \(reply.status) \(reply.body)")
        }
        return object
    }

    /// Waits until the control server holds `count` calls; returns their upstream ids.
    func waitUntilHeld(_ count: Int, asking session: String) async throws -> [Int] {
        for _ in 0..<300 {
            let held = try await seen(session)["held"] as? [Int] ?? []
            if held.count == count { return held }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportErrorLocal("the server never held \(count) calls")
    }

    /// Opens a session's GET /mcp stream.
    func openStream(_ session: String) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: base + "/mcp")
        request.headers.add(name: "Authorization", value: "Bearer \(token ?? "")")
        request.headers.add(name: "Mcp-Session-Id", value: session)
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response = try await client.execute(request, timeout: .seconds(60))
        guard response.status == .ok else { throw TestSupportErrorLocal("GET /mcp answered \(response.status)") }
        return response
    }
}

/// The limits and shared-state rules of docs/proxy.md, each against the real proxy and a real stdio server.
@Suite("Proxy limits and rules", .serialized, .timeLimit(.minutes(4)))
struct ProxyLimitsTests {
    @Test("a session past maxInFlightPerSession gets HTTP 429 with -32002; other sessions are not affected")
    func inFlightPerSession() async throws {
        try await ProxyHarness.run(
            child: try StdioChild.controlServer(), limits: MCPProxyLimits(maxInFlightPerSession: 2)
        ) { _, http in
            let busy = try await http.initialize()
            let other = try await http.initialize()
            async let first = http.call(busy, id: "\"h1\"", "hold")
            async let second = http.call(busy, id: "\"h2\"", "hold")
            _ = try await http.waitUntilHeld(2, asking: other)
            let refused = try await http.call(busy, id: "\"h3\"", "echo", #"{"n":3}"#)
            #expect(refused.status == 429)
            #expect(refused.errorCode == -32002)
            #expect(refused.json["id"] as? String == "h3")
            #expect(try await http.call(other, id: "1", "echo", #"{"n":1}"#).status == 200)
            #expect(try await http.call(other, id: "2", "release").resultText == "2")
            #expect(try await first.resultText == "released")
            #expect(try await second.resultText == "released")
            #expect(try await http.call(busy, id: "\"h4\"", "echo", #"{"n":4}"#).resultText.contains("4"))
        }
    }

    @Test("past maxInFlightTotal every session gets HTTP 429 with -32002 until a request in flight ends")
    func inFlightTotal() async throws {
        try await ProxyHarness.run(
            child: try StdioChild.controlServer(), limits: MCPProxyLimits(maxInFlightTotal: 2)
        ) { _, http in
            let first = try await http.initialize()
            let second = try await http.initialize()
            let third = try await http.initialize()
            async let held1 = http.call(first, id: "\"t-1\"", "hold")
            _ = try await http.waitUntilHeld(1, asking: third)
            // The second hold takes the last slot. A probe of the third session in flight at the same moment takes
            // it instead and the hold is refused; it is then sent again.
            async let held2 = { () async throws -> TestHTTP.Reply in
                for _ in 0..<1000 {
                    let reply = try await http.call(second, id: "\"t-2\"", "hold")
                    if reply.status != 429 { return reply }
                }
                throw TestSupportErrorLocal("the second hold never got a slot")
            }()
            // The third session has nothing in flight: its calls pass until both holds are upstream, then the total
            // limit refuses them (no request of its own can ask the server, since each would take a slot).
            var refused: TestHTTP.Reply?
            for attempt in 0..<300 {
                let reply = try await http.call(third, id: "\(attempt)", "echo", #"{"n":\#(attempt)}"#)
                if reply.status != 200 {
                    refused = reply
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let refusal = try #require(refused, "the total in-flight limit never refused a call")
            #expect(refusal.status == 429)
            #expect(refusal.errorCode == -32002)
            // A stateless client counts against the same total.
            #expect(try await http.call(nil, id: "\"s-1\"", "echo", #"{"n":1}"#).status == 429)
            // Cancelling one hold frees its slot.
            let cancel =
                #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"t-1","reason":"test"}}"#
            #expect(try await http.send(headers: [("Mcp-Session-Id", first)], body: cancel).status == 202)
            #expect(try await held1.errorCode == -32001)
            #expect(try await http.call(third, id: "\"r\"", "release").resultText == "1")
            #expect(try await held2.resultText == "released")
            #expect(try await http.call(third, id: "\"e\"", "echo", #"{"n":9}"#).resultText.contains("9"))
        }
    }

    @Test("a message over maxMessageBytes is a 413 on POST /mcp (session and stateless) and POST /messages")
    func messageSizeLimit() async throws {
        try await ProxyHarness.run(child: try StdioChild.controlServer(), limits: MCPProxyLimits(maxMessageBytes: 1024))
        { harness, http in
            let session = try await http.initialize()
            let big = #"{"text":"\#(String(repeating: "x", count: 2000))"}"#
            let sessionReply = try await http.call(session, id: "1", "echo", big)
            #expect(sessionReply.status == 413)
            #expect(sessionReply.errorCode == -32600)
            let statelessReply = try await http.call(nil, id: "2", "echo", big)
            #expect(statelessReply.status == 413)

            var request = HTTPClientRequest(url: harness.url + "/sse")
            request.headers.add(name: "Authorization", value: "Bearer \(harness.token)")
            request.headers.add(name: "Accept", value: "text/event-stream")
            let stream = try await http.client.execute(request, timeout: .seconds(60))
            var iterator = stream.body.makeAsyncIterator()
            var buffer = ""
            let endpoint = try #require(try await ProxyRoutingTests.nextEvent(&iterator, buffer: &buffer) { _ in true })
            let posted = try await http.send(
                .POST, endpoint,
                body: #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":\#(big)}}"#)
            #expect(posted.status == 413)

            // Under the limit the same session works, and nothing of the refused messages reached the server.
            #expect(try await http.call(session, id: "4", "echo", #"{"text":"small"}"#).resultText.contains("small"))
            let metas = try await http.seen(session)["metas"] as? [[String: Any]] ?? []
            let texts = metas.compactMap { ($0["arguments"] as? [String: Any])?["text"] as? String }
            #expect(texts == ["small"])
        }
    }

    @Test("a session idle past sessionIdleExpiry is forgotten (404); one with an open stream stays")
    func idleExpiry() async throws {
        try await ProxyHarness.run(
            child: try StdioChild.controlServer(), limits: MCPProxyLimits(sessionIdleExpiry: .milliseconds(200))
        ) { _, http in
            let idle = try await http.initialize()
            let streaming = try await http.initialize()
            let stream = try await http.openStream(streaming)
            // Sessions are swept once a second; every attempt below follows a pause longer than expiry + sweep.
            var status = 0
            for _ in 0..<8 where status != 404 {
                try await Task.sleep(for: .milliseconds(1500))
                status = try await http.call(idle, id: "1", "echo").status
            }
            #expect(status == 404)
            #expect(try await http.call(streaming, id: "2", "echo", #"{"still":"here"}"#).resultText.contains("here"))
            _ = stream
        }
    }

    @Test("notifications/cancelled reaches the server with the upstream id, only from the session that asked")
    func cancellationIsMapped() async throws {
        try await ProxyHarness.run(child: try StdioChild.controlServer()) { _, http in
            let caller = try await http.initialize()
            let other = try await http.initialize()
            async let held = http.call(caller, id: "\"c-1\"", "hold")
            let upstreamID = try #require(try await http.waitUntilHeld(1, asking: other).first)
            let cancel =
                #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"c-1","reason":"user"}}"#
            // Another session cannot cancel it: its ids are its own.
            #expect(try await http.send(headers: [("Mcp-Session-Id", other)], body: cancel).status == 202)
            #expect(try await http.seen(other)["held"] as? [Int] == [upstreamID])
            #expect(try await http.send(headers: [("Mcp-Session-Id", caller)], body: cancel).status == 202)
            let reply = try await held
            #expect(reply.errorCode == -32001)
            #expect(reply.json["id"] as? String == "c-1")
            let seen = try await http.seen(other)
            let cancellations = (seen["notifications"] as? [[String: Any]] ?? []).filter {
                $0["method"] as? String == "notifications/cancelled"
            }
            #expect(cancellations.count == 1)
            let params = cancellations.first?["params"] as? [String: Any]
            #expect(params?["requestId"] as? Int == upstreamID)
            #expect(params?["reason"] as? String == "user")
            #expect(seen["held"] as? [Int] == [])
        }
    }

    @Test("the tool filter and overrides apply to a stateless upstream's server/discover, tools/list and tools/call")
    func filterOnDiscover() async throws {
        let policy = ToolPolicy(
            allowed: ["echo"], overrides: ["echo": ToolOverride(name: "say", description: "Says it back")])
        try await ProxyHarness.run(
            child: try StdioChild.controlServer(stateless: true), policy: policy, upstreamProtocol: .statelessFirst
        ) { _, http in
            let discover = try await http.stateless("server/discover", id: "1")
            let result = try #require(discover.json["result"] as? [String: Any])
            #expect(result["supportedVersions"] as? [String] == ["2026-07-28"])
            let tools = try #require(result["tools"] as? [[String: Any]])
            #expect(tools.map { $0["name"] as? String } == ["say"])
            #expect(tools.first?["description"] as? String == "Says it back")
            let listed = try await http.stateless("tools/list", id: "2")
            let names = ((listed.json["result"] as? [String: Any])?["tools"] as? [[String: Any]])?.map {
                $0["name"] as? String
            }
            #expect(names == ["say"])
            #expect(try await http.call(nil, id: "3", "secret").errorCode == -32602)
            #expect(try await http.call(nil, id: "4", "echo").errorCode == -32602)
            #expect(try await http.call(nil, id: "5", "say", #"{"w":"hi"}"#).resultText.contains("hi"))
        }
    }

    @Test("logging/setLevel with a session-era server: the last caller sets the level, logs reach every stream")
    func sharedLogLevel() async throws {
        try await ProxyHarness.run(child: try StdioChild.controlServer()) { _, http in
            let first = try await http.initialize()
            let second = try await http.initialize()
            let firstStream = try await http.openStream(first)
            let secondStream = try await http.openStream(second)
            for (session, level) in [(first, "debug"), (second, "warning")] {
                let reply = try await http.send(
                    headers: [("Mcp-Session-Id", session)],
                    body: #"{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"\#(level)"}}"#)
                #expect(reply.status == 200)
                #expect(reply.json["result"] != nil)
            }
            #expect(try await http.seen(first)["level"] as? String == "warning")
            #expect(try await http.call(first, id: "2", "log").resultText == "logged")
            for stream in [firstStream, secondStream] {
                var iterator = stream.body.makeAsyncIterator()
                var buffer = ""
                let event = try await ProxyRoutingTests.nextEvent(&iterator, buffer: &buffer) {
                    $0.contains("notifications/message")
                }
                #expect(event?.contains("logged by the server") == true)
            }
        }
    }

    @Test("logging/setLevel with a stateless server is answered by the proxy and sent with that session's requests")
    func statelessLogLevel() async throws {
        try await ProxyHarness.run(
            child: try StdioChild.controlServer(stateless: true), upstreamProtocol: .statelessFirst
        ) { _, http in
            let setter = try await http.initialize()
            let other = try await http.initialize()
            let reply = try await http.send(
                headers: [("Mcp-Session-Id", setter)],
                body: #"{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"debug"}}"#)
            #expect(reply.status == 200)
            #expect(try await http.call(setter, id: "2", "echo", #"{"from":"setter"}"#).status == 200)
            #expect(try await http.call(other, id: "3", "echo", #"{"from":"other"}"#).status == 200)
            let seen = try await http.seen(other)
            #expect(seen["level"] is NSNull)
            let metas = seen["metas"] as? [[String: Any]] ?? []
            func level(from caller: String) -> String?? {
                metas.first { ($0["arguments"] as? [String: Any])?["from"] as? String == caller }
                    .map { ($0["meta"] as? [String: Any])?["io.modelcontextprotocol/logLevel"] as? String }
            }
            #expect(level(from: "setter") == .some("debug"))
            #expect(level(from: "other") == .some(nil))
            #expect(!metas.contains { $0["method"] as? String == "logging/setLevel" })
        }
    }
}
