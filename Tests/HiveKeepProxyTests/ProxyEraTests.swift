import AsyncHTTPClient
import Foundation
import HiveKeepProxy
import NIOHTTP1
import Testing

/// The stdio bridge in front of the real mcp-server-time, driven by the reference Python client and raw HTTP.
@Suite("Stdio bridge with both MCP eras", .serialized, .timeLimit(.minutes(4)))
struct ProxyEraTests {
    @Test(
        "the reference client works over streamable HTTP in both eras, whichever era the bridge holds upstream",
        arguments: [UpstreamProtocolPreference.sessionFirst, .statelessFirst])
    func pythonClientOverStreamableHTTP(upstream: UpstreamProtocolPreference) async throws {
        try await ProxyHarness.run(child: try StdioChild.timeServer(), upstreamProtocol: upstream) { harness, http in
            for mode in ["auto", "legacy"] {
                let seen = try await Fixtures.pythonClient(
                    "http", url: harness.url + "/mcp", mode: mode, token: harness.token)
                #expect((seen["tools"] as? [String])?.contains("get_current_time") == true, "mode \(mode)")
                #expect((seen["text"] as? String)?.contains("\"timezone\": \"UTC\"") == true, "mode \(mode)")
                #expect(seen["isError"] as? Bool == false)
            }
            let discover = try await http.stateless("server/discover", id: "1")
            let meta = (discover.json["result"] as? [String: Any])?["_meta"] as? [String: Any]
            #expect((meta?["io.modelcontextprotocol/serverInfo"] as? [String: Any])?["name"] as? String == "mcp-time")
        }
    }

    @Test("the reference client lists and calls tools over the SSE transport")
    func pythonClientOverSSE() async throws {
        try await ProxyHarness.runWithoutHTTP(child: try StdioChild.timeServer()) { harness in
            for mode in ["auto", "legacy"] {
                let seen = try await Fixtures.pythonClient(
                    "sse", url: harness.url + "/sse", mode: mode, token: harness.token)
                #expect((seen["tools"] as? [String])?.contains("get_current_time") == true, "mode \(mode)")
                #expect((seen["text"] as? String)?.contains("UTC") == true, "mode \(mode)")
            }
        }
    }

    @Test("a session-era client and a stateless client at the same time each get their own replies")
    func mixedErasGetTheirOwnReplies() async throws {
        try await ProxyHarness.run(child: try StdioChild.timeServer()) { _, http in
            let session = try await http.initialize()
            async let sessionReplies = withThrowingTaskGroup(of: TestHTTP.Reply.self) { group in
                for index in 0..<10 {
                    group.addTask { try await http.sessionCall(session, id: "\(index)", timezone: "Asia/Tokyo") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            async let statelessReplies = withThrowingTaskGroup(of: TestHTTP.Reply.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await http.stateless(
                            "tools/call", id: "\(index)",
                            params: #""name":"get_current_time","arguments":{"timezone":"Europe/Paris"}"#,
                            name: "get_current_time")
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let (sessionSeen, statelessSeen) = try await (sessionReplies, statelessReplies)
            #expect(Set(sessionSeen.compactMap { $0.json["id"] as? Int }) == Set(0..<10))
            #expect(sessionSeen.allSatisfy { $0.resultText.contains("Asia/Tokyo") })
            #expect(Set(statelessSeen.compactMap { $0.json["id"] as? Int }) == Set(0..<10))
            #expect(statelessSeen.allSatisfy { $0.resultText.contains("Europe/Paris") })
        }
    }

    @Test("two sessions using the same request ids each get their own replies")
    func concurrentSessionsAreSeparated() async throws {
        try await ProxyHarness.run(child: try StdioChild.timeServer()) { _, http in
            let first = try await http.initialize()
            let second = try await http.initialize(version: "2025-03-26")
            #expect(first != second)
            try await withThrowingTaskGroup(of: (String, TestHTTP.Reply).self) { group in
                for index in 0..<8 {
                    group.addTask { ("UTC", try await http.sessionCall(first, id: "\(index)", timezone: "UTC")) }
                    group.addTask {
                        (
                            "America/New_York",
                            try await http.sessionCall(second, id: "\(index)", timezone: "America/New_York")
                        )
                    }
                }
                for try await (zone, reply) in group {
                    #expect(reply.status == 200)
                    #expect(reply.resultText.contains("\"timezone\": \"\(zone)\""))
                }
            }
        }
    }

    @Test("initialize is answered by the bridge with the revision the client asked for, or the newest known")
    func initializeNegotiatesTheRevision() async throws {
        try await ProxyHarness.run(child: try StdioChild.timeServer()) { _, http in
            for (asked, expected) in [("2024-11-05", "2024-11-05"), ("2099-01-01", "2025-11-25")] {
                let reply = try await http.send(
                    body:
                        #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"\#(asked)","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}"#
                )
                let result = reply.json["result"] as? [String: Any]
                #expect(result?["protocolVersion"] as? String == expected)
                #expect((result?["serverInfo"] as? [String: Any])?["name"] as? String == "mcp-time")
            }
        }
    }

    @Test("a stateless request whose headers disagree with its body is a 400 with JSON-RPC error -32020")
    func statelessHeaderMismatch() async throws {
        try await ProxyHarness.run(child: try StdioChild.timeServer()) { _, http in
            let wrongMethod = try await http.stateless("tools/list", id: "1", headers: [("Mcp-Method", "tools/call")])
            #expect(wrongMethod.status == 400)
            #expect(wrongMethod.errorCode == -32020)
            let wrongName = try await http.stateless(
                "tools/call", id: "2", params: #""name":"get_current_time","arguments":{"timezone":"UTC"}"#,
                name: "convert_time")
            #expect(wrongName.status == 400)
            #expect(wrongName.errorCode == -32020)
            let discover = try await http.stateless("server/discover", id: "3")
            #expect(discover.status == 200)
            #expect(
                ((discover.json["result"] as? [String: Any])?["supportedVersions"] as? [String])?.contains("2026-07-28")
                    == true)
        }
    }
}
