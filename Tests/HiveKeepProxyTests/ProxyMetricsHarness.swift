import Foundation
import HiveKeepProxy
import HiveKeepTestSupport
import Testing

/// A proxy whose configuration carries a ``ProxyMetrics``: the bridge over mcp-server-time, or a reverse proxy in
/// front of such a proxy.
enum MetricsProxy {
    /// Runs `body` with an HTTP client on a bridge proxy over a fresh mcp-server-time, then stops both.
    static func run(metrics: ProxyMetrics?, policy: ToolPolicy, _ body: (TestHTTP) async throws -> Void)
        async throws
    {
        let token = try ProxyTestToken()
        defer { token.remove() }
        var configuration = MCPProxyConfiguration(
            port: 0, serverName: "metrics", authentication: .required(token: try token.source()), toolPolicy: policy)
        configuration.metrics = metrics
        let child = try StdioChild.timeServer()
        defer { child.kill() }
        let bridge = StdioBridge(configuration: configuration, logger: ProxyHarness.logger)
        try await bridge.attach(writingTo: child.writeFD, readingFrom: child.readFD, timeout: .seconds(120))
        let server = MCPProxyServer.stdio(bridge: bridge, configuration: configuration, logger: ProxyHarness.logger)
        do {
            try await ProxyHarness.withServed(server, token: token.token, body)
        } catch {
            await bridge.shutdown()
            throw error
        }
        await bridge.shutdown()
    }

    /// Runs `body` with an HTTP client on a reverse proxy (counting into `metrics`) in front of `upstream` (its
    /// base URL), sending `upstreamToken` there.
    static func reverse(
        to upstream: String, upstreamToken: String, metrics: ProxyMetrics, policy: ToolPolicy,
        _ body: (TestHTTP) async throws -> Void
    ) async throws {
        guard let target = URL(string: upstream + "/mcp") else { throw TestSupportErrorLocal("bad URL \(upstream)") }
        let token = try ProxyTestToken()
        defer { token.remove() }
        var configuration = MCPProxyConfiguration(
            port: 0, serverName: "reverse", authentication: .required(token: try token.source()),
            upstreamHeaders: ["Authorization": "Bearer \(upstreamToken)"], toolPolicy: policy)
        configuration.metrics = metrics
        let front = MCPProxyServer.reverse(target: target, configuration: configuration, logger: ProxyHarness.logger)
        try await ProxyHarness.withServed(front, token: token.token, body)
    }
}
