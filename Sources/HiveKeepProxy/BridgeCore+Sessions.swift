import Foundation
import Logging
import NIOCore
import Synchronization

/// Downstream sessions: created by `initialize` (streamable HTTP) or GET /sse, ended by DELETE or disconnect.
extension BridgeCore {
    /// Creates a session; throws (HTTP 503) when `limits.maxSessions` are open.
    func createSession(transport: DownstreamTransport, version: String?, envelope: [UInt8]) throws(ProxyFailure)
        -> String
    {
        sweep()
        let id = UUID().uuidString.lowercased()
        let limit = limits.maxSessions
        try state.withLock { state throws(ProxyFailure) in
            guard state.sessions.count < limit else {
                throw ProxyFailure(
                    httpStatus: 503, code: MCPProtocol.ErrorCode.limitExceeded,
                    message: "too many sessions (limit \(limit))")
            }
            state.sessions[id] = SessionRecord(
                transport: transport, version: version, envelope: envelope, lastActive: .now)
        }
        return id
    }

    /// Marks the session used; returns its transport, or nil when it is unknown or expired.
    func touchSession(_ id: String) -> DownstreamTransport? {
        state.withLock { state in
            guard state.sessions[id] != nil else { return nil }
            state.sessions[id]?.lastActive = .now
            return state.sessions[id]?.transport
        }
    }

    /// Updates a session (after an SSE-transport client initialized, or set a log level).
    func updateSession(_ id: String, _ body: (inout SessionRecord) -> Void) {
        state.withLock { state in
            if var record = state.sessions[id] {
                body(&record)
                state.sessions[id] = record
            }
        }
    }

    /// Ends a session: its stream finishes; replies still in flight are dropped.
    @discardableResult
    func endSession(_ id: String) -> Bool {
        let (record, orphaned) = state.withLock { state in
            let orphaned = state.serverRequests.filter { $0.value == id }.map(\.key)
            for request in orphaned { state.serverRequests[request] = nil }
            return (state.sessions.removeValue(forKey: id), orphaned)
        }
        record?.stream?.finish()
        // The server would otherwise wait forever for answers from a client that left.
        for request in orphaned {
            writeUpstream(
                RPCBytes.error(
                    id: request, code: MCPProtocol.ErrorCode.internalError, message: "the client session ended"))
        }
        return record != nil
    }

    /// Opens the session's server→client stream; HTTP 409 when one is open already.
    func openStream(_ id: String) throws(ProxyFailure) -> (
        AsyncStream<[UInt8]>, AsyncStream<[UInt8]>.Continuation, UInt64
    ) {
        let (stream, continuation) = AsyncStream.makeStream(
            of: [UInt8].self, bufferingPolicy: .bufferingOldest(limits.streamQueueLength))
        let token = try state.withLock { state throws(ProxyFailure) -> UInt64 in
            guard var record = state.sessions[id] else {
                throw ProxyFailure(
                    httpStatus: 404, code: MCPProtocol.ErrorCode.invalidRequest, message: "session not found")
            }
            guard record.stream == nil else {
                throw ProxyFailure(
                    httpStatus: 409, code: MCPProtocol.ErrorCode.invalidRequest,
                    message: "this session has a stream open already")
            }
            state.streamCounter += 1
            record.stream = continuation
            record.streamToken = state.streamCounter
            record.lastActive = .now
            state.sessions[id] = record
            return state.streamCounter
        }
        return (stream, continuation, token)
    }

    /// Closes the session's stream opened with `token` (the client went away).
    func closeStream(_ id: String, token: UInt64) {
        let continuation: AsyncStream<[UInt8]>.Continuation? = state.withLock { state in
            guard let record = state.sessions[id], record.streamToken == token else { return nil }
            state.sessions[id]?.stream = nil
            return record.stream
        }
        continuation?.finish()
    }
}
