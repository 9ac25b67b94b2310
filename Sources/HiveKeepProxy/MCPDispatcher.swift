import NIOCore

/// Decides, per downstream message, whether the bridge answers it itself or forwards it, and how the reply travels.
struct MCPDispatcher: Sendable {
    /// How the message arrived.
    enum Mode: Sendable {
        /// Streamable HTTP: the reply travels on the POST's response; `streamOK` when the client accepts SSE.
        case http(streamOK: Bool)
        /// SSE transport: replies travel on the session's GET /sse stream.
        case sseTransport
    }

    /// What to do with the HTTP request.
    enum Outcome: Sendable {
        case accepted
        case reply([UInt8])
        case awaiting(EventLoopFuture<[UInt8]>)
        case streaming(AsyncStream<[UInt8]>, AsyncStream<[UInt8]>.Continuation, upstreamID: Int)
    }

    let core: BridgeCore

    func dispatch(_ message: RPCMessage, session: String?, mode: Mode) async throws(ProxyFailure) -> Outcome {
        switch message.kind {
        case .notification where message.method == "tools/call":
            throw .invalid("a tools/call request needs an id")  // never forwarded past the tool policy
        case .notification:
            core.forwardClientNotification(message, session: session)
            return .accepted
        case .response:
            try core.forwardClientResponse(message, session: session)
            return .accepted
        case .request:
            return try await request(message, session: session, mode: mode)
        case nil:
            throw .invalid("not a JSON-RPC request, notification or response")
        }
    }

    private func request(_ original: RPCMessage, session: String?, mode: Mode) async throws(ProxyFailure) -> Outcome {
        guard original.idBytes != nil, original.method != nil else { throw .invalid("a request needs an id") }
        if core.upstream == nil { try await core.waitUntilReady() }
        if let outcome = try requestNow(original, session: session, mode: mode, eventLoop: core.eventLoop) {
            return outcome
        }
        try await core.waitUntilReady()
        guard let outcome = try requestNow(original, session: session, mode: mode, eventLoop: core.eventLoop) else {
            throw .unavailable("the MCP server is not running (no upstream attached)")
        }
        return outcome
    }

    /// Whether the reply to `message` travels on a request-scoped SSE stream.
    static func needsStream(_ message: RPCMessage, streamOK: Bool) -> Bool {
        message.method == "subscriptions/listen" || (streamOK && message.metaValue("progressToken") != nil)
    }

    /// Answers or forwards a request without waiting: nil (and nothing done) when no upstream is ready.
    /// A promise for the reply is made on `eventLoop`.
    func requestNow(_ original: RPCMessage, session: String?, mode: Mode, eventLoop: any EventLoop)
        throws(ProxyFailure) -> Outcome?
    {
        guard let id = original.idBytes, let method = original.method else { throw .invalid("a request needs an id") }
        guard let upstream = core.upstream else { return nil }
        let era = upstream.era
        if method == "ping", !original.isStateless || era == .session {
            return .reply(RPCBytes.result(id: id, result: Array("{}".utf8)))
        }
        if method == "server/discover", era == .session {
            let answers = BridgeAnswers(upstream: upstream, serverName: core.configuration.serverName)
            return .reply(RPCBytes.result(id: id, result: answers.discoverResult()))
        }
        if method == "logging/setLevel", era == .stateless, let session {
            // The stateless upstream has no shared level: remember it and send it with each request of this session.
            let level = original.paramString("level")
            core.updateSession(session) { $0.logLevel = level }
            return .reply(RPCBytes.result(id: id, result: Array("{}".utf8)))
        }
        var message = original
        if let refusal = core.configuration.toolPolicy.mapToolCall(&message) {
            return .reply(RPCBytes.error(id: id, code: MCPProtocol.ErrorCode.invalidParams, message: refusal))
        }
        if !core.isReady { return nil }
        switch mode {
        case .sseTransport:
            try core.forward(message, session: session, sink: .sessionStream)
            return .accepted
        case .http(let streamOK):
            if Self.needsStream(message, streamOK: streamOK) {
                let (stream, continuation) = AsyncStream.makeStream(
                    of: [UInt8].self, bufferingPolicy: .bufferingOldest(core.limits.streamQueueLength))
                let upstreamID = try core.forward(message, session: session, sink: .stream(continuation))
                return .streaming(stream, continuation, upstreamID: upstreamID)
            }
            let promise = eventLoop.makePromise(of: [UInt8].self)
            do {
                try core.forward(message, session: session, sink: .promise(promise))
            } catch {
                promise.fail(error)
                throw error
            }
            return .awaiting(promise.futureResult)
        }
    }
}
