import AsyncHTTPClient
import Foundation
import HiveKeepAuth
import HiveKeepProxy
import HiveKeepTestSupport
import NIOHTTP1
import Testing

/// Every proxy route but `/health` and the protected resource metadata needs the proxy token (or, with OIDC, a JWT
/// the issuer's verifier accepts); a refused request never reaches the MCP server or opens a session.
@Suite("Proxy authentication", .serialized, .timeLimit(.minutes(3)))
struct ProxyAuthTests {
    static let echo =
        #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"refused-marker"}}}"#

    @Test("without a token every route but /health is a 401 with WWW-Authenticate: Bearer and reaches nothing")
    func missingTokenIsRefusedEverywhere() async throws {
        try await ProxyHarness.run(child: try StdioChild.controlServer(), limits: .init(maxSessions: 2)) {
            harness, http in
            var anonymous = http
            anonymous.token = nil
            let session = try await http.initialize()
            let requests: [(HTTPMethod, String, [(String, String)], String?)] = [
                (.POST, "/mcp", [], Self.echo),
                (.POST, "/mcp", [("Mcp-Session-Id", session)], Self.echo),
                (.GET, "/mcp", [("Mcp-Session-Id", session)], nil),
                (.DELETE, "/mcp", [("Mcp-Session-Id", session)], nil),
                (.GET, "/sse", [], nil),
                (.POST, "/messages?session_id=\(session)", [], Self.echo),
                (.GET, "/anything", [], nil),
            ]
            for (method, path, headers, body) in requests {
                let reply = try await anonymous.send(method, path, headers: headers, body: body)
                #expect(reply.status == 401, "\(method) \(path)")
                #expect(reply.headers.first(name: "WWW-Authenticate") == "Bearer", "\(method) \(path)")
                #expect(reply.body == "missing credential\n", "\(method) \(path)")
            }
            // Initializes without a token create no session: with room for two, two more still succeed after them.
            for _ in 0..<3 {
                let refused = try await anonymous.send(
                    body:
                        #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}"#
                )
                #expect(refused.status == 401)
                #expect(refused.headers.first(name: "Mcp-Session-Id") == nil)
            }
            _ = try await http.initialize()
            #expect(try await anonymous.send(.GET, "/health").status == 200)
            // The server received none of the refused calls (nor their session's DELETE: the session still works).
            let seen = try await http.seen(session)
            let metas = try #require(seen["metas"] as? [[String: Any]])
            #expect(!"\(metas)".contains("refused-marker"))
            #expect(harness.port > 0)
        }
    }

    @Test("a wrong token is a 401 invalid_token, on the fast path too, and the right one still works after it")
    func wrongTokenIsInvalid() async throws {
        try await ProxyHarness.run(child: try StdioChild.controlServer()) { harness, http in
            let session = try await http.initialize()
            var wrong = http
            wrong.token = String(repeating: "0", count: 64)
            for headers in [[("Mcp-Session-Id", session)], []] {
                let reply = try await wrong.send(headers: headers, body: Self.echo)
                #expect(reply.status == 401)
                #expect(reply.headers.first(name: "WWW-Authenticate") == #"Bearer error="invalid_token""#)
                #expect(reply.body == "invalid credential\n")
            }
            for header in ["Basic \(harness.token)", "Bearer", "bearer  \(harness.token)x", harness.token] {
                let reply = try await http.send(
                    headers: [("Mcp-Session-Id", session), ("Authorization", header)], body: Self.echo)
                #expect(reply.status == 401, "\(header)")
            }
            let lowercase = try await http.send(
                headers: [("Mcp-Session-Id", session), ("Authorization", "bearer \(harness.token)")], body: Self.echo)
            #expect(lowercase.status == 200)
            let seen = try await http.seen(session)
            #expect("\(seen["metas"] ?? "")".components(separatedBy: "refused-marker").count == 2)
        }
    }

    @Test("pipelined requests without a token are answered 401 in their place, the others normally")
    func pipelinedRefusalKeepsOrder() async throws {
        try await ProxyHarness.run(child: try StdioChild.echoServer()) { harness, http in
            let session = try await http.initialize()
            let port = harness.port
            let call =
                #"{"jsonrpc":"2.0","id":"p","method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}}"#
            let requests = [
                ProxyPipeliningTests.post(port: port, session: session, token: harness.token, call),
                ProxyPipeliningTests.post(port: port, session: session, token: nil, call),
                ProxyPipeliningTests.post(port: port, session: session, token: "nope", call),
                ProxyPipeliningTests.post(port: port, session: session, token: harness.token, call),
            ]
            let replies = try await Task.detached { try ProxyPipeliningTests.exchange(port: port, requests) }.value
            #expect(replies.map(\.status) == [200, 401, 401, 200])
            #expect(replies[1].body == "missing credential\n")
            #expect(replies[2].body == "invalid credential\n")
        }
    }

    @Test("the reference client is refused without the token and with a wrong one, over streamable HTTP and SSE")
    func pythonClientNeedsTheToken() async throws {
        try await ProxyHarness.run(child: try StdioChild.timeServer()) { harness, _ in
            for (transport, path) in [("http", "/mcp"), ("sse", "/sse")] {
                for token in [nil, "wrong"] as [String?] {
                    do {
                        _ = try await Fixtures.pythonClient(
                            transport, url: harness.url + path, mode: "auto", token: token)
                        Issue.record("\(transport) with \(token ?? "no token") got in")
                    } catch {
                        // The streamable-HTTP client reports any HTTP error status as this JSON-RPC error; the raw
                        // tests above check that it is a 401.
                        let expected = transport == "sse" ? "401" : "Server returned an error response"
                        #expect("\(error)".contains(expected), "\(transport): \(error)")
                    }
                }
            }
        }
    }

    @Test("a rotated token replaces the old one in the running proxy within about a second")
    func rotationTakesEffect() async throws {
        try await ProxyHarness.run(child: try StdioChild.echoServer()) { harness, http in
            let old = harness.token
            let new = try harness.tokenFile.file.rotate()
            #expect(new != old)
            var current = http
            current.token = new
            var refusedOld = false
            for _ in 0..<100 where !refusedOld {
                refusedOld = try await http.stateless("server/discover", id: "1").status == 401
                if !refusedOld { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(refusedOld)
            #expect(try await current.stateless("server/discover", id: "2").status == 200)
        }
    }

    @Test("a reverse proxy strips the client's Authorization: the same token does not reach the upstream proxy")
    func reverseProxyStripsAuthorization() async throws {
        try await ProxyHarness.runWithoutHTTP(child: try StdioChild.echoServer()) { remote in
            let target = try #require(URL(string: remote.url + "/mcp"))
            // The front proxy checks the very token the upstream wants, and sends no credential of its own.
            let configuration = MCPProxyConfiguration(
                port: 0, serverName: "front", authentication: .required(token: try remote.tokenFile.source()))
            let front = MCPProxyServer.reverse(
                target: target, configuration: configuration, logger: ProxyHarness.logger)
            let (port, task) = try await ProxyHarness.serve(front)
            defer { task.cancel() }
            try await ProxyHarness.withHTTP(base: "http://127.0.0.1:\(port)", token: remote.token) { http in
                let reply = try await http.stateless("server/discover", id: "1")
                #expect(reply.status == 401)
                #expect(reply.body == "missing credential\n")
            }
        }
    }
}
