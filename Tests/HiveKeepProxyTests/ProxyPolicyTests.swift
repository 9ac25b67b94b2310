import AsyncHTTPClient
import Foundation
import HiveKeepProxy
import NIOHTTP1
import Testing

/// The tool filter and overrides, through the bridge and through the reverse proxy.
@Suite("Tool policy and reverse proxy", .serialized, .timeLimit(.minutes(4)))
struct ProxyPolicyTests {
    static let policy = ToolPolicy(
        allowed: ["get_current_time"],
        overrides: ["get_current_time": ToolOverride(name: "now", description: "What time is it")])

    @Test("clients see only allowed tools under their override names, and filtered or real names are refused")
    func filterAndOverride() async throws {
        try await ProxyHarness.run(child: try StdioChild.timeServer(), policy: Self.policy) { harness, http in
            let seen = try await Fixtures.pythonClient(
                "http", url: harness.url + "/mcp", mode: "auto", tool: "now", token: harness.token)
            #expect(seen["tools"] as? [String] == ["now"])
            #expect((seen["descriptions"] as? [String: String])?["now"] == "What time is it")
            #expect((seen["text"] as? String)?.contains("UTC") == true)
            let session = try await http.initialize()
            let filtered = try await http.sessionCall(session, id: "1", tool: "convert_time")
            #expect(filtered.errorCode == -32602)
            let realName = try await http.sessionCall(session, id: "2", tool: "get_current_time")
            #expect(realName.errorCode == -32602)
            let renamed = try await http.sessionCall(session, id: "3", tool: "now")
            #expect(renamed.resultText.contains("UTC"))
        }
    }

    @Test("a reverse proxy in front of a bridge-backed proxy streams replies and applies its own tool policy")
    func reverseProxy() async throws {
        try await ProxyHarness.runWithoutHTTP(child: try StdioChild.timeServer()) { remote in
            try await remote.runReverseProxy(policy: Self.policy) { http in
                let url = http.base
                for mode in ["auto", "legacy"] {
                    let seen = try await Fixtures.pythonClient(
                        "http", url: url + "/mcp", mode: mode, tool: "now", token: http.token)
                    #expect(seen["tools"] as? [String] == ["now"], "mode \(mode)")
                    #expect((seen["text"] as? String)?.contains("UTC") == true, "mode \(mode)")
                }
                let sse = try await Fixtures.pythonClient(
                    "sse", url: url + "/sse", mode: "legacy", tool: "now", token: http.token)
                #expect(sse["tools"] as? [String] == ["now"])
                let refused = try await http.stateless(
                    "tools/call", id: "1", params: #""name":"convert_time","arguments":{}"#, name: "convert_time")
                #expect(refused.errorCode == -32602)
                #expect(try await http.send(headers: [("Origin", "http://evil.example")], body: "{}").status == 403)
            }
        }
    }
}
