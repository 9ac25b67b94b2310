import HiveKeepNetLimits
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// Connection-level bounds of the API server: at most ``maxConnections`` open connections (the next one is refused
/// and closed), and a request head or body that does not arrive within its timeout closes the connection
/// (slowloris, idle keep-alive connections). The same NIO handlers as every workload proxy (`HiveKeepNetLimits`).
public struct APIConnectionLimits: Sendable, Hashable {
    public var maxConnections: Int
    public var requestHeadTimeout: Duration
    public var requestBodyTimeout: Duration

    public init(
        maxConnections: Int = 512, requestHeadTimeout: Duration = .seconds(30),
        requestBodyTimeout: Duration = .seconds(30)
    ) {
        self.maxConnections = maxConnections
        self.requestHeadTimeout = requestHeadTimeout
        self.requestBodyTimeout = requestBodyTimeout
    }

    /// The HTTP/1 server builder with these bounds, over TLS when `tls` is given.
    func serverBuilder(tls: TLSConfiguration?) -> HTTPServerBuilder {
        let limiter = ConnectionLimiter(maximum: maxConnections)
        let limits = self
        return HTTPServerBuilder { responder in
            let channel = BoundedHTTP1Channel(
                base: HTTP1Channel(responder: responder), limiter: limiter, limits: limits, overTLS: tls != nil)
            guard let tls else { return channel }
            return try TLSChannel(channel, tlsConfiguration: tls)
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

/// Hummingbird's HTTP/1 child channel with the connection limit first in the pipeline and the request timeouts
/// right after the HTTP decoder.
struct BoundedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel
    let limiter: ConnectionLimiter
    let limits: APIConnectionLimits
    /// Over TLS a refused connection is closed without a plain-text answer.
    let overTLS: Bool

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let refusal = overTLS ? [] : ConnectionLimitHandler.http503
            try operations.addHandler(ConnectionLimitHandler(limiter: limiter, refusal: refusal), position: .first)
            let timeouts = RequestTimeoutHandler<HTTPServerRequestPart, HTTPServerResponsePart>(
                headTimeout: APIConnectionLimits.timeAmount(limits.requestHeadTimeout),
                bodyTimeout: APIConnectionLimits.timeAmount(limits.requestBodyTimeout),
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
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
