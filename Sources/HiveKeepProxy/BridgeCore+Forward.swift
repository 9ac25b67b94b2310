import Logging
import NIOCore
import Synchronization

/// Downstream → upstream: requests (with id rewriting and era conversion), responses, notifications.
extension BridgeCore {
    /// Forwards a downstream request; its reply goes to `sink`. Returns the upstream id.
    @discardableResult
    func forward(_ original: RPCMessage, session: String?, sink: ReplySink) throws(ProxyFailure) -> Int {
        let snapshot = state.withLock { state -> (UpstreamEra?, [UInt8]?, String?) in
            let record = session.flatMap { state.sessions[$0] }
            return (state.upstream?.era, record?.envelope, record?.logLevel)
        }
        guard let era = snapshot.0 else { throw .unavailable("the MCP server is not running (no upstream attached)") }
        var message = original
        let statelessClient = message.isStateless
        do {
            if era == .stateless, !statelessClient, var envelope = snapshot.1 {
                if let level = snapshot.2 {
                    envelope += Array(",\"\(MCPProtocol.metaLogLevel)\":".utf8) + JSONBytes.literal(level)
                }
                try message.insertIntoMeta(envelope)
            } else if era == .session, statelessClient {
                try message.removeFromMeta(MCPProtocol.envelopeKeys)
            }
        } catch {
            throw .invalid("malformed params")
        }
        guard let originalID = message.idBytes, let method = message.method else {
            throw .invalid("a request needs an id and a method")
        }
        let token = message.metaValue("progressToken")
        let limits = self.limits
        let deadline =
            ContinuousClock.now + (method == "subscriptions/listen" ? .seconds(1 << 40) : limits.requestTimeout)
        let registered = try state.withLock { state throws(ProxyFailure) -> (Int, any Channel) in
            guard state.ready, let channel = state.channel else {
                throw .unavailable("the MCP server is not running (no upstream attached)")
            }
            guard state.totalInFlight < limits.maxInFlightTotal else {
                throw .limit("too many requests in flight (limit \(limits.maxInFlightTotal))")
            }
            if let session {
                guard var record = state.sessions[session] else {
                    throw ProxyFailure(
                        httpStatus: 404, code: MCPProtocol.ErrorCode.invalidRequest, message: "session not found")
                }
                guard record.inFlight < limits.maxInFlightPerSession else {
                    throw .limit("too many requests in flight for this session (limit \(limits.maxInFlightPerSession))")
                }
                record.inFlight += 1
                record.lastActive = .now
                state.sessions[session] = record
            }
            let id = state.nextID
            state.nextID += 1
            state.totalInFlight += 1
            state.pending[id] = PendingRequest(
                session: session, originalID: originalID, originalProgressToken: token, method: method, sink: sink,
                addResultType: era == .session && statelessClient, deadline: deadline, counted: true)
            return (id, channel)
        }
        let (id, channel) = registered
        do {
            if token != nil, let range = JSONBytes.member("progressToken", of: message.bytes, in: message.meta) {
                try message.replace(range, with: Array(String(id).utf8))
            }
            if let range = message.id { try message.replace(range, with: Array(String(id).utf8)) }
        } catch {
            _ = state.withLock { takePending(&$0, id) }
            throw .invalid("malformed request")
        }
        write(message.bytes, to: channel)
        return id
    }

    /// Removes a pending request and releases its in-flight counts.
    func takePending(_ state: inout BridgeState, _ id: Int) -> PendingRequest? {
        guard let pending = state.pending.removeValue(forKey: id) else { return nil }
        if pending.counted {
            state.totalInFlight -= 1
            if let session = pending.session, state.sessions[session] != nil {
                state.sessions[session]?.inFlight -= 1
            }
        }
        return pending
    }

    /// Sends a request of the bridge itself (handshake) and waits for its reply, at most `timeout`.
    func sendInternal(method: String, params: [UInt8], timeout: Duration) async throws -> RPCMessage {
        let promise = eventLoop.makePromise(of: [UInt8].self)
        let (id, channel) = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = PendingRequest(
                session: nil, originalID: Array(String(id).utf8), originalProgressToken: nil, method: method,
                sink: .promise(promise), addResultType: false, deadline: .now + timeout, counted: false)
            return (id, state.channel)
        }
        guard let channel else { throw ProxyFailure.unavailable("no upstream") }
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let timer = eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
            if let pending = self.state.withLock({ self.takePending(&$0, id) }),
                case .promise(let promise) = pending.sink
            {
                promise.fail(ProxyFailure.unavailable("the MCP server did not answer \(method) in time"))
            }
        }
        write(RPCBytes.request(id: id, method: method, params: params), to: channel)
        defer { timer.cancel() }
        return try RPCMessage(try await promise.futureResult.get())
    }

    /// Stops waiting for upstream request `id` (the client left or cancelled) and tells the server.
    func abandon(_ id: Int) {
        guard state.withLock({ takePending(&$0, id) }) != nil else { return }
        writeUpstream(
            RPCBytes.notification(method: "notifications/cancelled", params: Array("{\"requestId\":\(id)}".utf8)))
    }

    /// Forwards a downstream response to a server→client request, if it was sent to this session.
    func forwardClientResponse(_ message: RPCMessage, session: String?) throws(ProxyFailure) {
        guard let id = message.idBytes else { throw .invalid("a response needs an id") }
        let known = state.withLock { state in
            guard state.serverRequests[id] == session || session == nil else { return false }
            return state.serverRequests.removeValue(forKey: id) != nil
        }
        guard known else { throw .invalid("no server request with this id is waiting for this session") }
        writeUpstream(message.bytes)
    }

    /// Forwards a downstream notification; cancellations are mapped through the id table.
    func forwardClientNotification(_ message: RPCMessage, session: String?) {
        switch message.method {
        case "notifications/initialized":
            return
        case "notifications/cancelled":
            guard let requestID = JSONBytes.member("requestId", of: message.bytes, in: message.params) else { return }
            let original = Array(message.bytes[requestID])
            let taken: (Int, PendingRequest)? = state.withLock { state in
                guard
                    let match = state.pending.first(where: {
                        $0.value.session == session && $0.value.originalID == original
                    })
                else { return nil }
                return takePending(&state, match.key).map { (match.key, $0) }
            }
            guard let (id, pending) = taken else { return }
            var mapped = message
            try? mapped.replace(requestID, with: Array(String(id).utf8))
            writeUpstream(mapped.bytes)
            if case .sessionStream = pending.sink { return }
            let failure = ProxyFailure(
                httpStatus: 200, code: MCPProtocol.ErrorCode.requestTimeout, message: "request cancelled")
            deliver(failure.response(id: pending.originalID), to: pending.sink, session: session, final: true)
        default:
            writeUpstream(message.bytes)
        }
    }
}
