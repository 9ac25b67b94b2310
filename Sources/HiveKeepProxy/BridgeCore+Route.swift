import Logging
import NIOCore
import Synchronization

/// Upstream → downstream: replies to their requester, progress to the owner of the token, server requests and
/// notifications by the routing rules of docs/proxy.md.
extension BridgeCore {
    /// Handles one line the server wrote.
    func receive(_ line: [UInt8]) {
        guard let message = try? RPCMessage(line), let kind = message.kind else {
            logger.debug("ignored a non-JSON-RPC line from the MCP server", metadata: ["proxy.bytes": "\(line.count)"])
            return
        }
        switch kind {
        case .response: deliverResponse(message)
        case .notification: routeNotification(message)
        case .request: routeServerRequest(message)
        }
    }

    private func deliverResponse(_ message: RPCMessage) {
        guard let id = message.intID, let pending = state.withLock({ takePending(&$0, id) }), let idRange = message.id
        else {
            logger.debug("dropped a reply nobody waits for")
            return
        }
        var reply = message
        try? reply.replace(idRange, with: pending.originalID)
        if pending.counted, pending.method == "tools/list" || pending.method == "server/discover" {
            reply = configuration.toolPolicy.rewritingToolList(reply)
        }
        if pending.addResultType { Self.addStatelessResultFields(&reply, method: pending.method) }
        deliver(reply.bytes, to: pending.sink, session: pending.session, final: true)
    }

    /// Adds the result fields a 2026-07-28 client requires and a session-era server does not send:
    /// `resultType`, and `cacheScope` + `ttlMs` on list results.
    static func addStatelessResultFields(_ reply: inout RPCMessage, method: String) {
        guard let result = reply.result, JSONBytes.isObject(reply.bytes, result) else { return }
        var members: [UInt8] = []
        func add(_ key: String, _ value: String) {
            guard JSONBytes.member(key, of: reply.bytes, in: result) == nil else { return }
            if !members.isEmpty { members.append(UInt8(ascii: ",")) }
            members += Array("\"\(key)\":\(value)".utf8)
        }
        add("resultType", "\"complete\"")
        if method.hasSuffix("/list") {
            add("cacheScope", "\"private\"")
            add("ttlMs", "0")
        }
        guard !members.isEmpty else { return }
        try? reply.reset(JSONBytes.inserting(members, into: result, of: reply.bytes))
    }

    /// Hands `bytes` to a sink; `final` completes it.
    func deliver(_ bytes: [UInt8], to sink: ReplySink, session: String?, final: Bool) {
        switch sink {
        case .promise(let promise):
            if final { promise.succeed(bytes) } else { sendToSession(session, bytes) }
        case .stream(let continuation):
            continuation.yield(bytes)
            if final { continuation.finish() }
        case .sessionStream:
            sendToSession(session, bytes)
        }
    }

    /// Queues `bytes` on a session's server→client stream; false when it has none.
    @discardableResult
    func sendToSession(_ session: String?, _ bytes: [UInt8]) -> Bool {
        guard let session, let stream = state.withLock({ $0.sessions[session]?.stream }) else { return false }
        if case .dropped = stream.yield(bytes) {
            logger.warning(
                "a client does not read its stream; dropped a message", metadata: ["proxy.session": "\(session)"])
        }
        return true
    }

    private func routeNotification(_ message: RPCMessage) {
        if message.method == "notifications/progress",
            let range = JSONBytes.member("progressToken", of: message.bytes, in: message.params),
            let id = Int(String(decoding: message.bytes[range], as: UTF8.self))
        {
            guard let pending = state.withLock({ $0.pending[id] }), let token = pending.originalProgressToken else {
                return
            }
            var mapped = message
            try? mapped.replace(range, with: token)
            deliver(mapped.bytes, to: pending.sink, session: pending.session, final: false)
            return
        }
        if message.method == "notifications/cancelled",
            let range = JSONBytes.member("requestId", of: message.bytes, in: message.params)
        {
            let requestID = Array(message.bytes[range])
            if let session = state.withLock({ $0.serverRequests.removeValue(forKey: requestID) }) {
                sendToSession(session, message.bytes)
            }
            return
        }
        let subscription =
            JSONBytes.member(MCPProtocol.metaSubscriptionID, of: message.bytes, in: message.meta)
            ?? JSONBytes.member("subscriptionId", of: message.bytes, in: message.params)
        if let range = subscription, let id = Int(String(decoding: message.bytes[range], as: UTF8.self)),
            let pending = state.withLock({ $0.pending[id] })
        {
            var mapped = message
            try? mapped.replace(range, with: pending.originalID)
            deliver(mapped.bytes, to: pending.sink, session: pending.session, final: false)
            return
        }
        broadcast(message.bytes)
    }

    /// Sends a server-wide notification to every session with an open stream.
    private func broadcast(_ bytes: [UInt8]) {
        let streams = state.withLock { $0.sessions.values.compactMap(\.stream) }
        for stream in streams { stream.yield(bytes) }
    }

    private func routeServerRequest(_ message: RPCMessage) {
        guard let id = message.idBytes else { return }
        let maxTracked = limits.maxInFlightTotal
        let target: String? = state.withLock { state in
            guard state.serverRequests.count < maxTracked else { return nil }
            let busy = Set(state.pending.values.compactMap { $0.counted ? $0.session : nil })
            var chosen: String?
            if busy.count == 1, let only = busy.first, state.sessions[only]?.stream != nil {
                chosen = only
            } else {
                chosen =
                    state.sessions.filter { $0.value.stream != nil }.max { $0.value.lastActive < $1.value.lastActive }?
                    .key
            }
            if let chosen { state.serverRequests[id] = chosen }
            return chosen
        }
        if let target, sendToSession(target, message.bytes) { return }
        _ = state.withLock { $0.serverRequests.removeValue(forKey: id) }
        let method = message.method ?? "request"
        writeUpstream(
            RPCBytes.error(
                id: id, code: MCPProtocol.ErrorCode.internalError,
                message: "no connected client with an open stream can answer \(method)"))
    }

    /// Expires idle sessions and requests past their deadline; runs every second.
    func sweep() {
        let now = ContinuousClock.now
        let idle = limits.sessionIdleExpiry
        let expired: ([PendingRequest], [Int], [AsyncStream<[UInt8]>.Continuation]) = state.withLock { state in
            let late = state.pending.filter { $0.value.deadline < now }.map(\.key)
            let requests = late.compactMap { takePending(&state, $0) }
            var streams: [AsyncStream<[UInt8]>.Continuation] = []
            for (id, record) in state.sessions
            where record.lastActive + idle < now && record.inFlight == 0 && record.stream == nil {
                if let stream = record.stream { streams.append(stream) }
                state.sessions[id] = nil
            }
            return (requests, late, streams)
        }
        for stream in expired.2 { stream.finish() }
        for id in expired.1 {
            writeUpstream(
                RPCBytes.notification(
                    method: "notifications/cancelled",
                    params: Array("{\"requestId\":\(id),\"reason\":\"timeout\"}".utf8)))
        }
        let failure = ProxyFailure(
            httpStatus: 504, code: MCPProtocol.ErrorCode.requestTimeout,
            message: "the MCP server did not answer in time")
        for pending in expired.0 {
            deliver(failure.response(id: pending.originalID), to: pending.sink, session: pending.session, final: true)
        }
    }
}
