import AsyncHTTPClient
import Foundation
import HiveKeepCore
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// The HTTP side: streamable HTTP at /mcp, SSE at /sse + /messages?session_id=, GET /health.
public struct MCPProxyServer: Sendable {
    enum Backend: Sendable {
        case stdio(StdioBridge)
        case reverse(URL)
    }

    let backend: Backend
    let configuration: MCPProxyConfiguration
    let logger: Logger

    /// Serves a stdio MCP server held by `bridge`.
    public static func stdio(bridge: StdioBridge, configuration: MCPProxyConfiguration, logger: Logger)
        -> MCPProxyServer
    {
        MCPProxyServer(backend: .stdio(bridge), configuration: configuration, logger: logger)
    }

    /// Reverse proxy (with streaming) for SSE / streamable-HTTP servers and remote URLs; tool policy still applied.
    public static func reverse(target: URL, configuration: MCPProxyConfiguration, logger: Logger) -> MCPProxyServer {
        MCPProxyServer(backend: .reverse(target), configuration: configuration, logger: logger)
    }

    /// Binds (port 0 = any free port), calls onListening with the bound port, serves until the task is cancelled.
    public func run(onListening: @escaping @Sendable (Int) -> Void) async throws {
        guard RequestGuard.isLoopback(host: configuration.host) else {
            throw HiveKeepError.invalid("the MCP proxy binds loopback only, not \(configuration.host)")
        }
        let guardian = RequestGuard(allowedOrigins: configuration.allowedOrigins)
        let address = BindAddress.hostname(configuration.host, port: configuration.port)
        let onRunning: @Sendable (any Channel) async -> Void = { channel in
            onListening(channel.localAddress?.port ?? 0)
        }
        switch backend {
        case .stdio(let bridge):
            let core = bridge.core
            let app = Application(
                responder: StdioResponder(core: core, guardian: guardian),
                server: ProxySockets.http1(
                    configuration: .init(additionalChannelHandlers: [FastPathInstaller(core: core, guardian: guardian)]
                    ),
                    limits: configuration.limits),
                configuration: .init(address: address), onServerRunning: onRunning,
                // One event loop for HTTP and the upstream pipe: a request, its pipe write, the reply and the
                // response never change threads.
                eventLoopGroupProvider: .shared(core.eventLoop), logger: logger)
            try await app.runService(gracefulShutdownSignals: [])
        case .reverse(let target):
            // Like any reverse proxy it hands an upstream redirect to its client and follows none: following one
            // would send the workload's upstream headers (static credentials) and the body to the origin it names.
            let client = HTTPClient(
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
                configuration: .init(redirectConfiguration: .disallow))
            let app = Application(
                responder: ReverseResponder(
                    target: target, client: client, guardian: guardian, configuration: configuration),
                server: ProxySockets.http1(limits: configuration.limits), configuration: .init(address: address),
                onServerRunning: onRunning,
                logger: logger)
            do {
                try await app.runService(gracefulShutdownSignals: [])
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }
}
