import NIOCore

/// Where the reply to one downstream request (and messages tied to it) go.
enum ReplySink: Sendable {
    /// The one reply, for a JSON (or single-event SSE) HTTP response.
    case promise(EventLoopPromise<[UInt8]>)
    /// A request-scoped SSE stream: related notifications, then the reply, then the end (subscriptions/listen stays
    /// open until the client leaves).
    case stream(AsyncStream<[UInt8]>.Continuation)
    /// The session's own stream (SSE transport: replies travel on GET /sse).
    case sessionStream
}

/// What the upstream speaks.
enum UpstreamEra: Sendable, Equatable {
    /// 2026-07-28: every request carries the `_meta` envelope.
    case stateless
    /// initialize handshake held by the bridge.
    case session
}

/// How a downstream session talks to the proxy.
enum DownstreamTransport: Sendable { case streamableHTTP, sse }

/// One request forwarded upstream and not answered yet.
struct PendingRequest: Sendable {
    var session: String?
    var originalID: [UInt8]
    var originalProgressToken: [UInt8]?
    var method: String
    var sink: ReplySink
    /// Add `resultType` to the result (a stateless client behind a session-era upstream).
    var addResultType: Bool
    var deadline: ContinuousClock.Instant
    /// Internal requests of the bridge (handshake) are neither rewritten nor counted.
    var counted: Bool
}

/// One downstream session (session-era streamable HTTP, or an SSE-transport connection).
struct SessionRecord: Sendable {
    var transport: DownstreamTransport
    /// The session-era revision negotiated with this client (nil until it initialized: SSE transport).
    var version: String?
    /// `_meta` envelope members added to its requests when the upstream is stateless.
    var envelope: [UInt8]
    var logLevel: String?
    var inFlight = 0
    var lastActive: ContinuousClock.Instant
    var stream: AsyncStream<[UInt8]>.Continuation?
    var streamToken: UInt64 = 0
}

/// What the upstream said about itself during the handshake.
struct UpstreamDescription: Sendable {
    var era: UpstreamEra
    /// The initialize result (session era) or the server/discover result (stateless), raw.
    var result: [UInt8]
}

/// Everything the bridge core guards with its lock.
struct BridgeState: Sendable {
    var channel: (any Channel)?
    var generation: UInt64 = 0
    var ready = false
    var upstream: UpstreamDescription?
    var nextID = 1
    var pending: [Int: PendingRequest] = [:]
    var sessions: [String: SessionRecord] = [:]
    var totalInFlight = 0
    /// Server→client request ids (raw) → the session they were sent to.
    var serverRequests: [[UInt8]: String] = [:]
    var streamCounter: UInt64 = 0
}
