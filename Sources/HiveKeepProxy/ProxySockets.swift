import HiveKeepNetLimits
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Socket options and connection bounds of the proxy's own connections, set explicitly rather than left to library
/// defaults.
enum ProxySockets {
    /// Sets TCP_NODELAY on `channel`: MCP messages are small request/reply exchanges that Nagle's algorithm would
    /// delay by up to a round trip.
    static func setNoDelay(on channel: any Channel) -> EventLoopFuture<Void> {
        channel.setOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
    }

    /// The child channel of every connection the proxy accepts: TCP_NODELAY, the connection limit, Hummingbird's
    /// HTTP/1 pipeline, then the request timeouts.
    static func childChannel(
        responder: @escaping HTTPChannelHandler.Responder, configuration: HTTP1Channel.Configuration,
        bounds: ConnectionBounds = .init(limits: .standard)
    ) -> NoDelayHTTP1Channel {
        NoDelayHTTP1Channel(base: HTTP1Channel(responder: responder, configuration: configuration), bounds: bounds)
    }

    /// The HTTP/1 server the proxy runs, built from ``childChannel(responder:configuration:bounds:)``; every
    /// connection shares one ``ConnectionLimiter``.
    static func http1(configuration: HTTP1Channel.Configuration = .init(), limits: MCPProxyLimits) -> HTTPServerBuilder
    {
        let bounds = ConnectionBounds(limits: limits)
        return HTTPServerBuilder { responder in
            childChannel(responder: responder, configuration: configuration, bounds: bounds)
        }
    }
}

/// The connection-level bounds of one proxy server (``MCPProxyLimits``), as NIO handlers.
struct ConnectionBounds: Sendable {
    let limiter: ConnectionLimiter
    let headTimeout: TimeAmount
    let bodyTimeout: TimeAmount

    init(limits: MCPProxyLimits) {
        limiter = ConnectionLimiter(maximum: limits.maxConnections)
        headTimeout = Self.timeAmount(limits.requestHeadTimeout)
        bodyTimeout = Self.timeAmount(limits.requestBodyTimeout)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Adds the limit first and the timeouts right after NIO's HTTP/1 decoder (so they see every request part as it
    /// arrives, before the fast path queues pipelined ones, and every response part written).
    func install(on channel: any Channel) throws {
        let operations = channel.pipeline.syncOperations
        try operations.addHandler(ConnectionLimitHandler(limiter: limiter), position: .first)
        let timeouts = RequestTimeoutHandler<HTTPServerRequestPart, HTTPServerResponsePart>(
            headTimeout: headTimeout, bodyTimeout: bodyTimeout,
            request: {
                switch $0 {
                case .head: .head
                case .body: .body
                case .end: .end
                }
            },
            response: {
                switch $0 {
                case .head: .head
                case .body: .body
                case .end: .end
                }
            })
        let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
        try operations.addHandler(timeouts, position: .after(decoder))
    }
}

/// Hummingbird's HTTP/1 child channel with TCP_NODELAY set on the accepted socket before the pipeline is built, and
/// the proxy's connection bounds around it.
///
/// SwiftNIO sets TCP_NODELAY on the listening socket, and Linux copies it to accepted sockets; the proxy does not
/// rely on either.
struct NoDelayHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel
    let bounds: ConnectionBounds

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        ProxySockets.setNoDelay(on: channel).flatMap { base.setup(channel: channel, logger: logger) }
            .flatMapThrowing { value in
                try bounds.install(on: channel)
                return value
            }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
