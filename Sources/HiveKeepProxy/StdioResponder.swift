import HTTPTypes
import Hummingbird
import NIOCore

/// The HTTP side of a stdio bridge: streamable HTTP at /mcp, SSE at /sse + /messages, GET /health.
struct StdioResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let core: BridgeCore
    let guardian: RequestGuard

    var dispatcher: MCPDispatcher { MCPDispatcher(core: core) }

    func respond(to request: Request, context: Context) async throws -> Response {
        if let refusal = guardian.refusal(for: request) { return refusal }
        let configuration = core.configuration
        if let refusal = await configuration.authentication.refusal(for: request, configuration: configuration) {
            return refusal
        }
        if let metadata = configuration.authentication.metadata(for: request, configuration: configuration) {
            return metadata
        }
        switch (request.method, request.uri.path) {
        case (.post, "/mcp"): return await post(request)
        case (.get, "/mcp"): return openSessionStream(request)
        case (.delete, "/mcp"): return deleteSession(request)
        case (_, "/mcp"): return HTTPReplies.plain("method not allowed", status: .methodNotAllowed)
        case (.get, "/sse"): return openSSETransport()
        case (.post, "/messages"): return await sseMessage(request)
        case (.get, "/health"): return health()
        default: return HTTPReplies.plain("not found", status: .notFound)
        }
    }

    private func readMessage(_ request: Request) async -> Result<RPCMessage, ProxyFailure> {
        var request = request
        guard let body = try? await request.collectBody(upTo: core.limits.maxMessageBytes) else {
            return .failure(
                .init(httpStatus: 413, code: MCPProtocol.ErrorCode.invalidRequest, message: "message too large"))
        }
        do {
            return .success(try RPCMessage(downstream: Array(buffer: body)))
        } catch {
            return .failure(error)
        }
    }

    private func post(_ request: Request) async -> Response {
        let message: RPCMessage
        switch await readMessage(request) {
        case .success(let read): message = read
        case .failure(let failure): return HTTPReplies.failure(failure)
        }
        let sessionHeader = request.header(.mcpSessionID)
        let stateless =
            message.isStateless
            || (sessionHeader == nil && request.header(.mcpProtocolVersion) == MCPProtocol.statelessVersion)
        if stateless {
            if let failure = StatelessValidation.failure(for: message, request: request) {
                return HTTPReplies.failure(failure, id: message.idBytes)
            }
            return await reply(to: message, session: nil, request: request)
        }
        if let version = request.header(.mcpProtocolVersion), message.method != "initialize",
            !MCPProtocol.sessionVersions.contains(version)
        {
            return HTTPReplies.failure(.invalid("unsupported MCP-Protocol-Version \(version)"), id: message.idBytes)
        }
        if message.method == "initialize" { return await initialize(message, request: request) }
        guard let sessionHeader else {
            return HTTPReplies.failure(
                .invalid("Mcp-Session-Id header required (or the 2026-07-28 _meta envelope)"), id: message.idBytes)
        }
        guard core.touchSession(sessionHeader) != nil else {
            return HTTPReplies.failure(
                .init(httpStatus: 404, code: MCPProtocol.ErrorCode.invalidRequest, message: "session not found"),
                id: message.idBytes)
        }
        return await reply(to: message, session: sessionHeader, request: request)
    }

    private func initialize(_ message: RPCMessage, request: Request) async -> Response {
        guard let id = message.idBytes else { return HTTPReplies.failure(.invalid("initialize needs an id")) }
        let probe = core.configuration.metrics?.probe(message.method)
        var outcome = ProxyMetrics.Outcome.error
        defer { probe?.finish(outcome) }
        do {
            if core.upstream == nil { try await core.waitUntilReady() }
            guard let upstream = core.upstream else { throw ProxyFailure.unavailable("no upstream") }
            let version = BridgeAnswers.negotiate(message.paramString("protocolVersion"))
            let session = try core.createSession(
                transport: .streamableHTTP, version: version,
                envelope: BridgeAnswers.envelope(initializeParams: message))
            let result = BridgeAnswers(upstream: upstream, serverName: core.configuration.serverName)
                .initializeResult(version: version)
            let bytes = RPCBytes.result(id: id, result: result)
            let headers: HTTPFields = [.mcpSessionID: session]
            outcome = .ok
            return request.prefersEventStream
                ? HTTPReplies.singleEvent(bytes, headers: headers) : HTTPReplies.json(bytes, headers: headers)
        } catch let failure as ProxyFailure {
            return HTTPReplies.failure(failure, id: id)
        } catch {
            return HTTPReplies.failure(.unavailable("\(error)"), id: id)
        }
    }

    private func reply(to message: RPCMessage, session: String?, request: Request) async -> Response {
        let probe = core.configuration.metrics?.probe(message.method)
        var counted = ProxyMetrics.Outcome.error
        defer { probe?.finish(counted) }
        do {
            let outcome = try await dispatcher.dispatch(
                message, session: session, mode: .http(streamOK: request.acceptsEventStream))
            // A tools/call answered at once was refused by the tool policy.
            counted = message.method == "tools/call" && outcome.isReply ? .denied : .ok
            switch outcome {
            case .accepted:
                return HTTPReplies.accepted()
            case .reply(let bytes):
                return request.prefersEventStream ? HTTPReplies.singleEvent(bytes) : HTTPReplies.json(bytes)
            case .awaiting(let future):
                counted = .error
                let bytes = try await future.get()
                counted = .ok
                return request.prefersEventStream ? HTTPReplies.singleEvent(bytes) : HTTPReplies.json(bytes)
            case .streaming(let stream, let continuation, let upstreamID):
                let core = self.core
                return HTTPReplies.stream(
                    stream, continuation: continuation, keepAlive: core.limits.keepAliveInterval,
                    onEnd: { core.abandon(upstreamID) })
            }
        } catch let failure as ProxyFailure {
            return HTTPReplies.failure(failure, id: message.idBytes)
        } catch {
            return HTTPReplies.failure(.unavailable("\(error)"), id: message.idBytes)
        }
    }

    private func openSessionStream(_ request: Request) -> Response {
        guard let session = request.header(.mcpSessionID) else {
            return HTTPReplies.failure(
                .invalid("GET /mcp needs an Mcp-Session-Id (2026-07-28 clients use subscriptions/listen)"))
        }
        do {
            let (stream, continuation, token) = try core.openStream(session)
            let core = self.core
            return HTTPReplies.stream(
                stream, continuation: continuation, keepAlive: core.limits.keepAliveInterval,
                onEnd: { core.closeStream(session, token: token) })
        } catch {
            return HTTPReplies.failure(error)
        }
    }

    private func deleteSession(_ request: Request) -> Response {
        guard let session = request.header(.mcpSessionID) else {
            return HTTPReplies.failure(.invalid("DELETE /mcp needs an Mcp-Session-Id"))
        }
        guard core.endSession(session) else {
            return HTTPReplies.failure(
                .init(httpStatus: 404, code: MCPProtocol.ErrorCode.invalidRequest, message: "session not found"))
        }
        return Response(status: .noContent)
    }

    private func health() -> Response {
        let ready = core.isReady
        let body =
            "{\"status\":\"\(ready ? "healthy" : "unhealthy")\",\"transport\":\"stdio\",\"mcp\":{\"available\":\(ready)}}"
        return HTTPReplies.json(Array(body.utf8), status: ready ? .ok : .serviceUnavailable)
    }
}
