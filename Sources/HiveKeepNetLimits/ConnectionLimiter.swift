import NIOCore
import Synchronization

/// Counts the open connections of one server and refuses those beyond a maximum.
///
/// One limiter is shared by every connection of a server; each connection's pipeline gets its own
/// ``ConnectionLimitHandler`` holding it.
public final class ConnectionLimiter: Sendable {
    /// The most connections open at once.
    public let maximum: Int
    private let open = Atomic<Int>(0)

    /// A limiter allowing `maximum` open connections.
    public init(maximum: Int) {
        self.maximum = maximum
    }

    /// The connections open now.
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// Takes a slot; false (and nothing taken) when all are in use.
    public func acquire() -> Bool {
        var current = open.load(ordering: .relaxed)
        while current < maximum {
            let (exchanged, original) = open.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives a slot back.
    public func release() {
        open.subtract(1, ordering: .acquiringAndReleasing)
    }
}

/// The first handler of a connection: takes a slot of a ``ConnectionLimiter`` when the connection opens and gives it
/// back when it closes. Beyond the limit it writes `refusal` (by default an HTTP/1.1 503 with `Connection: close`),
/// closes the connection and passes nothing on.
public final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// The bytes an HTTP/1.1 server sends to a connection beyond the limit.
    public static let http503: [UInt8] = Array(
        ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 21\r\n"
            + "Connection: close\r\nRetry-After: 1\r\n\r\ntoo many connections\n").utf8)

    private let limiter: ConnectionLimiter
    private let refusal: [UInt8]
    private var state = State.pending

    private enum State { case pending, counted, refused, released }

    /// A handler taking its slot from `limiter`; `refusal` is written to a connection beyond the limit.
    public init(limiter: ConnectionLimiter, refusal: [UInt8] = ConnectionLimitHandler.http503) {
        self.limiter = limiter
        self.refusal = refusal
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context: context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        admit(context: context)
        context.fireChannelActive()
    }

    private func admit(context: ChannelHandlerContext) {
        guard state == .pending else { return }
        if limiter.acquire() {
            state = .counted
            return
        }
        state = .refused
        let channel = context.channel
        context.writeAndFlush(Self.wrapOutboundOut(channel.allocator.buffer(bytes: refusal))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state == .counted else { return }  // a refused connection's bytes go nowhere
        context.fireChannelRead(data)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        if state == .counted {
            state = .released
            limiter.release()
        }
        context.fireChannelInactive()
    }
}
