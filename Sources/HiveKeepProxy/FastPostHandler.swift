import Logging
import NIOCore
import NIOHTTP1

/// The hot path of streamable HTTP, served on the connection's event loop in front of Hummingbird.
///
/// A session-era `POST /mcp` request that the bridge answers or forwards without waiting (the usual tools/call) is
/// handled here: the reply is written from the upstream line handler's promise, with no Swift concurrency task and
/// no thread hop. Everything else, every refusal and error included, goes on unchanged to ``StdioResponder``, which
/// implements docs/proxy.md in full. Requests are answered one at a time per connection, in order.
final class FastPostHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Between requests.
        case idle
        /// Reading a candidate's body.
        case collecting(HTTPRequestHead, ByteBuffer)
        /// A request handed to Hummingbird: its parts pass on until its end, and its response until that response's
        /// end (which may come first: a refusal need not wait for the body).
        case passing(requestEnded: Bool, responseEnded: Bool)
        /// Waiting for the upstream reply to a request served here.
        case answering
    }

    let core: BridgeCore
    let guardian: RequestGuard
    private var state = State.idle
    /// Parts of requests that arrived while an earlier one was not answered yet (pipelining).
    private var queued: [HTTPServerRequestPart] = []
    /// About how many bytes `queued` holds; past `maxPipelinedBytes` the connection is closed.
    private var queuedBytes = 0

    init(core: BridgeCore, guardian: RequestGuard) {
        self.core = core
        self.guardian = guardian
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = Self.unwrapInboundIn(data)
        if !queued.isEmpty { return enqueue(part, context: context) }
        read(part, context: context)
    }

    private func read(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch (state, part) {
        case (.idle, .head(let head)):
            if let length = candidateLength(head) {
                state = .collecting(head, context.channel.allocator.buffer(capacity: length))
            } else {
                state = .passing(requestEnded: false, responseEnded: false)
                context.fireChannelRead(Self.wrapInboundOut(part))
            }
        case (.collecting(let head, var body), .body(var chunk)):
            state = .idle
            body.writeBuffer(&chunk)
            if body.readableBytes > core.limits.maxMessageBytes {
                state = .passing(requestEnded: false, responseEnded: false)
                context.fireChannelRead(Self.wrapInboundOut(.head(head)))
                context.fireChannelRead(Self.wrapInboundOut(.body(body)))
            } else {
                state = .collecting(head, body)
            }
        case (.collecting(let head, let body), .end(let trailers)):
            serve(head, body: body, trailers: trailers, context: context)
        case (.passing(false, let responseEnded), .end):
            state = responseEnded ? .idle : .passing(requestEnded: true, responseEnded: false)
            context.fireChannelRead(Self.wrapInboundOut(part))
        case (.passing(false, _), _):
            context.fireChannelRead(Self.wrapInboundOut(part))
        default:
            // A request while the previous one is unanswered: it waits its turn.
            enqueue(part, context: context)
        }
    }

    /// Queues a pipelined part; a client that queues more than `maxPipelinedBytes` loses its connection.
    private func enqueue(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        queued.append(part)
        queuedBytes += Self.size(of: part)
        if queuedBytes > core.limits.maxPipelinedBytes, context.channel.isActive {
            core.logger.notice(
                "closing a connection with too many pipelined request bytes",
                metadata: ["proxy.queued_bytes": "\(queuedBytes)"])
            context.close(promise: nil)
        }
    }

    private func dequeue() -> HTTPServerRequestPart {
        let part = queued.removeFirst()
        queuedBytes -= Self.size(of: part)
        return part
    }

    private static func size(of part: HTTPServerRequestPart) -> Int {
        switch part {
        case .head(let head):
            head.uri.utf8.count + head.headers.reduce(32) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
        case .body(let buffer): buffer.readableBytes
        case .end: 8
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .passing(let requestEnded, false) = state, case .end = Self.unwrapOutboundIn(data) else {
            return context.write(data, promise: promise)
        }
        state = requestEnded ? .idle : .passing(requestEnded: false, responseEnded: true)
        context.write(data, promise: promise)
        if requestEnded { drainSoon(context: context) }
    }

    /// Handles the requests that waited, after the current write returned.
    private func drainSoon(context: ChannelHandlerContext) {
        guard !queued.isEmpty else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let (handler, context) = loopBound.value
            guard !handler.queued.isEmpty, handler.readsNow else { return }
            while !handler.queued.isEmpty, handler.readsNow {
                handler.read(handler.dequeue(), context: context)
            }
            // Replayed parts reach Hummingbird's async channel only with a read-complete.
            context.fireChannelReadComplete()
        }
    }

    /// Whether the next request part can be read now (no earlier request is waiting for its response).
    private var readsNow: Bool {
        switch state {
        case .idle, .collecting, .passing(requestEnded: false, _): return true
        case .passing(requestEnded: true, _), .answering: return false
        }
    }

    /// The body length when this request may be served here (session-era POST /mcp within the limits, from an
    /// allowed origin and host, carrying the proxy token); nil hands it to Hummingbird.
    private func candidateLength(_ head: HTTPRequestHead) -> Int? {
        guard head.method == .POST, head.uri == "/mcp", head.version == .http1_1, head.isKeepAlive,
            head.headers[canonicalForm: "mcp-session-id"].count == 1,
            !head.headers.contains(name: "transfer-encoding"),
            let text = head.headers.first(name: "content-length"), let length = Int(text),
            length > 0, length <= core.limits.maxMessageBytes
        else { return nil }
        if let origin = head.headers.first(name: "origin"), !guardian.isAllowed(origin: origin) { return nil }
        if let host = head.headers.first(name: "host"), !RequestGuard.isLoopback(authority: host) { return nil }
        // Only the proxy token is checked here; a refusal (and a JWT) is left to StdioResponder.
        guard core.configuration.authentication.acceptsProxyToken(head.headers.first(name: "authorization")) else {
            return nil
        }
        return length
    }

    private func serve(
        _ head: HTTPRequestHead, body: ByteBuffer, trailers: HTTPHeaders?, context: ChannelHandlerContext
    ) {
        guard let (message, session) = fastMessage(head, body: body) else {
            return handOn(head, body: body, trailers: trailers, context: context)
        }
        let accept = head.headers[canonicalForm: "accept"].joined(separator: ", ")
        let streamOK = accept.utf8.containsBytes("text/event-stream")
        let prefersEvents =
            streamOK && !accept.utf8.containsBytes("application/json") && !accept.utf8.containsBytes("*/*")
        guard !MCPDispatcher.needsStream(message, streamOK: streamOK) else {
            return handOn(head, body: body, trailers: trailers, context: context)
        }
        let reply = FastReply(version: head.version, events: prefersEvents, id: message.idBytes)
        let probe = core.configuration.metrics?.probe(message.method)
        let outcome: MCPDispatcher.Outcome?
        do {
            outcome = try MCPDispatcher(core: core).requestNow(
                message, session: session, mode: .http(streamOK: streamOK), eventLoop: context.eventLoop)
        } catch {
            state = .answering
            probe?.finish(.error)
            return finish(reply.failure(error), context: context)
        }
        switch outcome {
        case .reply(let bytes):
            state = .answering
            // A tools/call answered at once was refused by the tool policy.
            probe?.finish(message.method == "tools/call" ? .denied : .ok)
            finish(reply.success(bytes), context: context)
        case .awaiting(let future):
            state = .answering
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            future.hop(to: context.eventLoop).whenComplete { result in
                let (handler, context) = loopBound.value
                probe?.finish(.init(result))
                switch result {
                case .success(let bytes): handler.finish(reply.success(bytes), context: context)
                case .failure(let error): handler.finish(reply.failure(error), context: context)
                }
            }
        case .accepted, .streaming, nil:
            // Not ready (or not a plain reply): nothing was sent upstream; Hummingbird waits and answers.
            handOn(head, body: body, trailers: trailers, context: context)
        }
    }

    /// The request, when it is a session-era request of a known session that the fast path may take.
    private func fastMessage(_ head: HTTPRequestHead, body: ByteBuffer) -> (RPCMessage, String)? {
        let bytes = Array(buffer: body)
        guard let message = try? RPCMessage(downstream: bytes), message.kind == .request,
            message.method != "initialize",
            !message.isStateless, let session = head.headers.first(name: "mcp-session-id")
        else { return nil }
        let versions = head.headers[canonicalForm: "mcp-protocol-version"]
        if versions.count > 1 { return nil }
        if let version = versions.first, !MCPProtocol.sessionVersions.contains(String(version)) { return nil }
        guard core.touchSession(session) != nil else { return nil }
        return (message, session)
    }

    private func handOn(
        _ head: HTTPRequestHead, body: ByteBuffer, trailers: HTTPHeaders?, context: ChannelHandlerContext
    ) {
        state = .passing(requestEnded: true, responseEnded: false)
        context.fireChannelRead(Self.wrapInboundOut(.head(head)))
        context.fireChannelRead(Self.wrapInboundOut(.body(body)))
        context.fireChannelRead(Self.wrapInboundOut(.end(trailers)))
    }

    private func finish(_ parts: FastReply.Parts, context: ChannelHandlerContext) {
        context.write(Self.wrapOutboundOut(.head(parts.head)), promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(parts.body))), promise: nil)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        state = .idle
        drainSoon(context: context)
    }
}
