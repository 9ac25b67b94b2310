import NIOCore

/// Closes a connection whose client is too slow: a request head (of a new or a kept-alive connection) must arrive
/// within `headTimeout` of the connection being ready for it, and a request's body must be complete within
/// `bodyTimeout` of its head. No timer runs while a response is being produced or streamed.
///
/// This is the slowloris defence (a client sending its headers a byte a second is closed after `headTimeout`) and the
/// idle-connection timeout in one. Generic over the request and response part types so that it fits any HTTP/1
/// pipeline (NIOHTTP1's parts in the MCP proxy, HTTP-types parts in a Hummingbird `additionalChannelHandlers`):
/// `request` and `response` say which part is a head, a body chunk or an end. Put it where it sees every request
/// part as it arrives and every response part written.
public final class RequestTimeoutHandler<Request, Response>: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = Request
    public typealias InboundOut = Request
    public typealias OutboundIn = Response
    public typealias OutboundOut = Response

    /// Which part of a message a part is.
    public enum Part: Sendable { case head, body, end }

    private let headTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private let request: (Request) -> Part
    private let response: (Response) -> Part
    /// Request heads received whose response has not ended.
    private var unanswered = 0
    private var readingBody = false
    private var timer: Scheduled<Void>?

    /// A handler with the two timeouts and the classifiers of request and response parts.
    public init(
        headTimeout: TimeAmount, bodyTimeout: TimeAmount, request: @escaping (Request) -> Part,
        response: @escaping (Response) -> Part
    ) {
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
        self.request = request
        self.response = response
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(headTimeout, context: context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        if timer == nil { arm(headTimeout, context: context) }
        context.fireChannelActive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    public func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch request(Self.unwrapInboundIn(data)) {
        case .head:
            unanswered += 1
            readingBody = true
            arm(bodyTimeout, context: context)
        case .end:
            readingBody = false
            disarm()
            if unanswered == 0 { arm(headTimeout, context: context) }
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if response(Self.unwrapOutboundIn(data)) == .end, unanswered > 0 {
            unanswered -= 1
            if unanswered == 0, !readingBody { arm(headTimeout, context: context) }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ timeout: TimeAmount, context: ChannelHandlerContext) {
        disarm()
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
