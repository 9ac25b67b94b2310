import AsyncHTTPClient
import Foundation
import HiveKeepProxy
import NIOCore
import NIOHTTP1
import Testing

/// Ambiguous messages and batches are refused with a JSON-RPC error on every path (streamable HTTP with its fast
/// path, the SSE transport, the reverse proxy), and the real server behind never sees them.
@Suite("Strict parsing on every path", .serialized, .timeLimit(.minutes(3)))
struct StrictParsingPathTests {
    static let policy = ToolPolicy(allowed: ["echo", "seen"])

    /// Bodies that must never reach the server; each carries its marker in `arguments`.
    static func refusedBodies(_ tag: String) -> [(String, Int)] {
        [
            (
                #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","name":"secret","arguments":{"m":"\#(tag)-dup"}}}"#,
                -32600
            ),
            (
                #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","n\u0061me":"secret","arguments":{"m":"\#(tag)-esc"}}}"#,
                -32600
            ),
            (
                #"{"jsonrpc":"2.0","id":3,"m\u0065thod":"tools/call","method":"tools/call","params":{"name":"echo","arguments":{"m":"\#(tag)-method"}}}"#,
                -32600
            ),
            (
                #"[{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"m":"\#(tag)-batch"}}}]"#,
                -32600
            ),
            (
                #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo","arguments":{"m":"\#(tag)-trail"}}} {}"#,
                -32700
            ),
            (
                #"{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"echo","arguments":{"m":"\#(tag)-\ud800"}}}"#,
                -32700
            ),
        ]
    }

    static func call(_ id: Int, _ tag: String) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"echo","arguments":{"m":"\#(tag)-ok"}}}"#
    }

    /// The markers of every tools/call the control server received.
    static func markersSeen(_ http: TestHTTP, session: String) async throws -> String {
        let reply = try await http.send(
            headers: [("Mcp-Session-Id", session)],
            body: #"{"jsonrpc":"2.0","id":99,"method":"tools/call","params":{"name":"seen","arguments":{}}}"#)
        return reply.resultText
    }

    @Test("streamable HTTP: refused with 400 and the server sees only the clean call")
    func streamableHTTP() async throws {
        try await ProxyHarness.run(child: try StdioChild.controlServer(), policy: Self.policy) { _, http in
            let session = try await http.initialize()
            for (body, code) in Self.refusedBodies("http") {
                let reply = try await http.send(headers: [("Mcp-Session-Id", session)], body: body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.errorCode == code, "\(body) → \(reply.body)")
            }
            let clean = try await http.send(headers: [("Mcp-Session-Id", session)], body: Self.call(7, "http"))
            #expect(clean.status == 200)
            let seen = try await Self.markersSeen(http, session: session)
            #expect(seen.contains("http-ok"))
            Self.expectOnlyClean(seen, tag: "http")
        }
    }

    static func expectOnlyClean(_ seen: String, tag: String) {
        #expect(seen.contains("\(tag)-ok"), "the clean call did not arrive: \(seen)")
        for suffix in ["dup", "esc", "method", "batch", "trail"] {
            #expect(!seen.contains("\(tag)-\(suffix)"), "the server saw a refused message: \(seen)")
        }
        #expect(seen.components(separatedBy: "\(tag)-").count == 2, "\(seen)")
    }

    @Test("SSE transport: POST /messages refuses with 400 and a JSON-RPC error; the server sees only the clean call")
    func sseTransport() async throws {
        try await ProxyHarness.run(child: try StdioChild.controlServer(), policy: Self.policy) { harness, http in
            var request = HTTPClientRequest(url: harness.url + "/sse")
            request.headers.add(name: "Accept", value: "text/event-stream")
            request.headers.add(name: "Authorization", value: "Bearer \(harness.token)")
            let stream = try await http.client.execute(request, timeout: .seconds(30))
            var iterator = stream.body.makeAsyncIterator()
            var buffer = ""
            let endpoint = try #require(try await ProxyRoutingTests.nextEvent(&iterator, buffer: &buffer) { _ in true })
            for (body, code) in Self.refusedBodies("sse") {
                let reply = try await http.send(.POST, endpoint, body: body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.errorCode == code, "\(body) → \(reply.body)")
            }
            #expect(try await http.send(.POST, endpoint, body: Self.call(7, "sse")).status == 202)
            _ = try #require(
                try await ProxyRoutingTests.nextEvent(&iterator, buffer: &buffer) { $0.contains("sse-ok") })
            let session = try await http.initialize()
            Self.expectOnlyClean(try await Self.markersSeen(http, session: session), tag: "sse")
        }
    }

    @Test("reverse proxy, with and without a policy: refused before forwarding; the real server sees only clean calls")
    func reverseProxy() async throws {
        try await ProxyHarness.run(child: try StdioChild.controlServer()) { harness, direct in
            for (tag, policy) in [("rp", Self.policy), ("open", ToolPolicy())] {
                try await harness.runReverseProxy(policy: policy) { http in
                    let session = try await http.initialize()
                    for (body, code) in Self.refusedBodies(tag) {
                        let reply = try await http.send(headers: [("Mcp-Session-Id", session)], body: body)
                        #expect(reply.status == 400, "\(tag): \(body)")
                        #expect(reply.errorCode == code, "\(tag): \(body) → \(reply.body)")
                    }
                    let clean = try await http.send(headers: [("Mcp-Session-Id", session)], body: Self.call(7, tag))
                    #expect(clean.resultText.contains("\(tag)-ok"))
                }
                let session = try await direct.initialize()
                Self.expectOnlyClean(try await Self.markersSeen(direct, session: session), tag: tag)
            }
        }
    }
}
