import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Socket options of the proxy's own connections, set explicitly rather than left to library defaults.
enum ProxySockets {
    /// Sets TCP_NODELAY on `channel`: MCP messages are small request/reply exchanges that Nagle's algorithm would
    /// delay by up to a round trip.
    static func setNoDelay(on channel: any Channel) -> EventLoopFuture<Void> {
        channel.setOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
    }

    /// The child channel of every connection the proxy accepts: TCP_NODELAY, then Hummingbird's HTTP/1 pipeline.
    static func childChannel(
        responder: @escaping HTTPChannelHandler.Responder, configuration: HTTP1Channel.Configuration
    ) -> NoDelayHTTP1Channel {
        NoDelayHTTP1Channel(base: HTTP1Channel(responder: responder, configuration: configuration))
    }

    /// The HTTP/1 server the proxy runs, built from ``childChannel(responder:configuration:)``.
    static func http1(configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in childChannel(responder: responder, configuration: configuration) }
    }
}

/// Hummingbird's HTTP/1 child channel with TCP_NODELAY set on the accepted socket before the pipeline is built.
///
/// SwiftNIO sets TCP_NODELAY on the listening socket, and Linux copies it to accepted sockets; the proxy does not
/// rely on either.
struct NoDelayHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        ProxySockets.setNoDelay(on: channel).flatMap { base.setup(channel: channel, logger: logger) }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
