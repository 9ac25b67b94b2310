import Foundation
import HiveKeepProxy
import NIOHTTP1
import Synchronization
import Testing

/// The reverse proxy's dynamic upstream credential (``UpstreamAuthorizer``), against a real upstream: a HiveKeep
/// stdio proxy that wants its own token. The authorizer here is a scripted stand-in for the runner's OAuth session.
@Suite("reverse proxy: dynamic upstream authorization")
struct UpstreamAuthorizerTests {
    /// Answers from a script and records what the proxy told it.
    final class ScriptedAuthorizer: UpstreamAuthorizer {
        let current: Mutex<String?>
        let fresh: String?
        let rejections = Mutex<[String]>([])
        let answers = Mutex<[Int?]>([])

        init(current: String?, fresh: String?) {
            self.current = Mutex(current)
            self.fresh = fresh
        }

        func authorization() async -> Result<String?, UpstreamAuthorizationRefusal> {
            guard let value = current.withLock({ $0 }) else {
                return .failure(UpstreamAuthorizationRefusal("waiting for sign-in (test)"))
            }
            return .success(value)
        }

        func rejected(_ authorization: String) async -> String? {
            rejections.withLock { $0.append(authorization) }
            current.withLock { $0 = fresh }
            return fresh
        }

        func answered(status: Int?) async {
            answers.withLock { $0.append(status) }
        }
    }

    func withFront(
        _ authorizer: @escaping (String) -> ScriptedAuthorizer,
        _ body: (TestHTTP, ScriptedAuthorizer) async throws -> Void
    ) async throws {
        try await ProxyHarness.runWithoutHTTP(child: try StdioChild.echoServer()) { remote in
            let target = try #require(URL(string: remote.url + "/mcp"))
            let scripted = authorizer(remote.token)
            let configuration = MCPProxyConfiguration(
                port: 0, serverName: "front", authentication: .disabled, upstreamAuthorizer: scripted)
            let front = MCPProxyServer.reverse(
                target: target, configuration: configuration, logger: ProxyHarness.logger)
            let (port, task) = try await ProxyHarness.serve(front)
            defer { task.cancel() }
            try await ProxyHarness.withHTTP(base: "http://127.0.0.1:\(port)", token: nil) { http in
                try await body(http, scripted)
            }
        }
    }

    @Test("a 401 to the token sent is reported once and the request retried with the fresh token")
    func refusedTokenIsRetriedOnce() async throws {
        try await withFront({ ScriptedAuthorizer(current: "Bearer stale", fresh: "Bearer \($0)") }) { http, scripted in
            let reply = try await http.stateless("server/discover", id: "1")
            #expect(reply.status == 200, "\(reply.body)")
            #expect(scripted.rejections.withLock { $0 } == ["Bearer stale"])
            #expect(scripted.answers.withLock { $0 } == [200])
            // The next request goes out with the fresh token straight away.
            #expect(try await http.stateless("server/discover", id: "2").status == 200)
            #expect(scripted.rejections.withLock { $0.count } == 1)
        }
    }

    @Test("no fresh token after a 401: a 503 that says so, never the upstream's 401 or its challenge")
    func refusedWithoutFreshToken() async throws {
        try await withFront({ _ in ScriptedAuthorizer(current: "Bearer stale", fresh: nil) }) { http, scripted in
            let reply = try await http.stateless("server/discover", id: "1")
            #expect(reply.status == 503)
            #expect(reply.body.contains("refused HiveKeep's credentials"))
            #expect(reply.headers["WWW-Authenticate"].isEmpty)
            #expect(scripted.rejections.withLock { $0 } == ["Bearer stale"])
        }
    }

    @Test("no token yet (waiting for sign-in): a 503 with the reason, and nothing is sent upstream")
    func waitingForSignIn() async throws {
        try await withFront({ _ in ScriptedAuthorizer(current: nil, fresh: nil) }) { http, scripted in
            let reply = try await http.stateless("server/discover", id: "1")
            #expect(reply.status == 503)
            #expect(reply.body.contains("waiting for sign-in (test)"))
            #expect(scripted.answers.withLock { $0 }.isEmpty)
        }
    }
}
