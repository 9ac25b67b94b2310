import HTTPTypes
import Hummingbird
import NIOCore

/// The SSE transport (2024-11-05): GET /sse opens a session and its stream, POST /messages?session_id= sends.
extension StdioResponder {
    func openSSETransport() -> Response {
        do {
            let session = try core.createSession(transport: .sse, version: nil, envelope: BridgeAnswers.defaultEnvelope)
            let (stream, continuation, _) = try core.openStream(session)
            let core = self.core
            var first = ByteBuffer()
            first.writeString("event: endpoint\ndata: /messages?session_id=\(session)\n\n")
            return HTTPReplies.stream(
                stream, continuation: continuation, first: first, keepAlive: core.limits.keepAliveInterval,
                onEnd: { core.endSession(session) })
        } catch {
            return HTTPReplies.failure(error)
        }
    }

    func sseMessage(_ request: Request) async -> Response {
        guard let session = request.uri.queryParameters.get("session_id"), !session.isEmpty else {
            return HTTPReplies.plain("session_id is required", status: .badRequest)
        }
        guard core.touchSession(session) == .sse else {
            return HTTPReplies.plain("Could not find session", status: .notFound)
        }
        var request = request
        guard let body = try? await request.collectBody(upTo: core.limits.maxMessageBytes) else {
            return HTTPReplies.plain("message too large", status: .contentTooLarge)
        }
        let message: RPCMessage
        do {
            message = try RPCMessage(downstream: Array(buffer: body))
        } catch {
            return HTTPReplies.failure(error)
        }
        let probe = core.configuration.metrics?.probe(message.method)
        var counted = ProxyMetrics.Outcome.error
        defer { probe?.finish(counted) }
        if message.method == "initialize", let id = message.idBytes {
            do {
                if core.upstream == nil { try await core.waitUntilReady() }
                guard let upstream = core.upstream else { throw ProxyFailure.unavailable("no upstream") }
                let version = BridgeAnswers.negotiate(message.paramString("protocolVersion"))
                let envelope = BridgeAnswers.envelope(initializeParams: message)
                core.updateSession(session) {
                    $0.version = version
                    $0.envelope = envelope
                }
                let result = BridgeAnswers(upstream: upstream, serverName: core.configuration.serverName)
                    .initializeResult(version: version)
                core.sendToSession(session, RPCBytes.result(id: id, result: result))
                counted = .ok
            } catch let failure as ProxyFailure {
                core.sendToSession(session, failure.response(id: id))
            } catch {
                core.sendToSession(session, ProxyFailure.unavailable("\(error)").response(id: id))
            }
            return HTTPReplies.plain("Accepted", status: .accepted)
        }
        do {
            let outcome = try await dispatcher.dispatch(message, session: session, mode: .sseTransport)
            // A tools/call answered at once was refused by the tool policy.
            counted = message.method == "tools/call" && outcome.isReply ? .denied : .ok
            switch outcome {
            case .reply(let bytes): core.sendToSession(session, bytes)
            case .awaiting(let future): core.sendToSession(session, try await future.get())
            case .accepted, .streaming: break
            }
        } catch let failure as ProxyFailure {
            if message.kind == .request {
                core.sendToSession(session, failure.response(id: message.idBytes))
            } else {
                return HTTPReplies.plain(failure.message, status: .init(code: failure.httpStatus))
            }
        } catch {
            core.sendToSession(session, ProxyFailure.unavailable("\(error)").response(id: message.idBytes))
        }
        return HTTPReplies.plain("Accepted", status: .accepted)
    }
}
