import AsyncHTTPClient
import Foundation
import HiveKeepProxy
import HiveKeepTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// The reverse proxy in front of a remote server that redirects: a redirect within the upstream's origin is
/// followed (a server mounted at `/mcp/`), any other is handed to the client as it is, so the workload's upstream
/// headers (static credentials) never reach another origin.
@Suite("reverse proxy and upstream redirects")
struct ReverseRedirectTests {
    /// Serves a reverse proxy to `target` that sends `planted` as an upstream header, and POSTs a tools/list to it
    /// with a client that follows no redirect either (what the proxy answered is what is seen).
    static func post(to target: URL, planted: String) async throws -> TestHTTP.Reply {
        let frontToken = try ProxyTestToken()
        defer { frontToken.remove() }
        let configuration = MCPProxyConfiguration(
            port: 0, serverName: "reverse", authentication: .required(token: try frontToken.source()),
            upstreamHeaders: ["X-Api-Key": planted])
        let front = MCPProxyServer.reverse(target: target, configuration: configuration, logger: ProxyHarness.logger)
        let (port, task) = try await ProxyHarness.serve(front)
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let http = TestHTTP(client: client, base: "http://127.0.0.1:\(port)", token: frontToken.token)
        let reply: Result<TestHTTP.Reply, any Error>
        do {
            reply = .success(try await http.send(body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}"#))
        } catch {
            reply = .failure(error)
        }
        try? await client.shutdown()
        task.cancel()
        _ = try? await task.value
        return try reply.get()
    }

    @Test("a 307 to another origin reaches the client as it is; the upstream headers go nowhere else")
    func otherOriginIsPassedOn() async throws {
        try await RedirectingPeer.with { redirector, elsewhere in
            let planted = "planted-upstream-key-\(UUID().uuidString)"
            let reply = try await Self.post(
                to: try #require(URL(string: "http://127.0.0.1:\(redirector)/mcp")), planted: planted)
            #expect(reply.status == 307, "\(reply.status) \(reply.body)")
            #expect(reply.headers.first(name: "Location") == "http://127.0.0.1:\(elsewhere)/mcp")
            let seen = try RedirectingPeer.seen(elsewhere: elsewhere)
            #expect(seen.posts == 0, "\(seen.requests)")
            #expect(!seen.requests.joined().contains(planted))
        }
    }

    @Test("a 307 within the upstream's origin (a server mounted at /mcp/) is followed with the same body and headers")
    func sameOriginIsFollowed() async throws {
        try await RedirectingPeer.with { redirector, elsewhere in
            let planted = "planted-upstream-key-\(UUID().uuidString)"
            let reply = try await Self.post(
                to: try #require(URL(string: "http://127.0.0.1:\(redirector)/here/mcp")), planted: planted)
            #expect(reply.status == 200, "\(reply.status) \(reply.body)")
            #expect(reply.json["result"] != nil, "\(reply.body)")
            let seen = try RedirectingPeer.seen(elsewhere: elsewhere)
            #expect(seen.here.count == 1, "\(seen.here)")
            #expect(seen.here.first?.contains("tools/list") == true)
            #expect(seen.here.first?.contains("X-Api-Key: \(planted)") == true)
            #expect(seen.posts == 0)
        }
    }
}
