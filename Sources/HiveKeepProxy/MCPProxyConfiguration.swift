/// Numeric limits of one proxy: every queue and table it keeps is bounded by one of these.
public struct MCPProxyLimits: Sendable, Hashable {
    /// Downstream sessions (session era and SSE transport together); `initialize` beyond it gets HTTP 503.
    public var maxSessions: Int
    /// A session unused for this long is forgotten (its id then gives 404).
    public var sessionIdleExpiry: Duration
    /// Requests one session (or all stateless clients together) may have in flight; beyond it HTTP 429.
    public var maxInFlightPerSession: Int
    /// Requests in flight to the upstream in total; beyond it HTTP 429.
    public var maxInFlightTotal: Int
    /// Messages buffered for one server→client stream (GET /mcp, /sse, subscriptions/listen); older ones are kept,
    /// newer ones dropped (and logged) when a client does not read.
    public var streamQueueLength: Int
    /// How long a request waits for its reply before it fails with JSON-RPC error -32001.
    public var requestTimeout: Duration
    /// How long a request waits for an upstream while the bridge is detached.
    public var reattachWait: Duration
    /// The largest JSON-RPC message accepted from either side.
    public var maxMessageBytes: Int
    /// Interval of keep-alive comments on SSE streams.
    public var keepAliveInterval: Duration
    /// Connections open at once; the next one gets an HTTP 503 and is closed.
    public var maxConnections: Int
    /// How long a connection may wait for a complete request head (a new connection, or a kept-alive one after its
    /// last response); then it is closed (slowloris, idle connections).
    public var requestHeadTimeout: Duration
    /// How long a request body may take after its head; then the connection is closed.
    public var requestBodyTimeout: Duration
    /// Bytes of pipelined requests queued on one connection behind an unanswered one; past it the connection closes.
    public var maxPipelinedBytes: Int

    /// Creates limits; see ``standard`` for the defaults.
    public init(
        maxSessions: Int = 256,
        sessionIdleExpiry: Duration = .seconds(30 * 60),
        maxInFlightPerSession: Int = 64,
        maxInFlightTotal: Int = 1024,
        streamQueueLength: Int = 256,
        requestTimeout: Duration = .seconds(60),
        reattachWait: Duration = .seconds(10),
        maxMessageBytes: Int = 8 * 1024 * 1024,
        keepAliveInterval: Duration = .seconds(25),
        maxConnections: Int = 1024,
        requestHeadTimeout: Duration = .seconds(60),
        requestBodyTimeout: Duration = .seconds(60),
        maxPipelinedBytes: Int = 9 * 1024 * 1024
    ) {
        self.maxSessions = maxSessions
        self.sessionIdleExpiry = sessionIdleExpiry
        self.maxInFlightPerSession = maxInFlightPerSession
        self.maxInFlightTotal = maxInFlightTotal
        self.streamQueueLength = streamQueueLength
        self.requestTimeout = requestTimeout
        self.reattachWait = reattachWait
        self.maxMessageBytes = maxMessageBytes
        self.keepAliveInterval = keepAliveInterval
        self.maxConnections = maxConnections
        self.requestHeadTimeout = requestHeadTimeout
        self.requestBodyTimeout = requestBodyTimeout
        self.maxPipelinedBytes = maxPipelinedBytes
    }

    /// 256 sessions, 30 min idle expiry, 64 in flight per session, 1024 in total, 256 queued stream messages,
    /// 60 s per request, 10 s wait for a re-attach, 8 MiB per message, keep-alive every 25 s, 1024 connections, 60 s
    /// for a request head and 60 s for a body, 9 MiB of pipelined requests per connection.
    public static let standard = MCPProxyLimits()
}

/// Everything one workload's proxy needs to know.
public struct MCPProxyConfiguration: Sendable {
    /// The loopback address to bind; anything else is refused by `run`.
    public var host: String
    /// The port to bind; 0 picks a free one.
    public var port: Int
    /// The workload name (logs, `/health`).
    public var serverName: String
    /// Tool filter and overrides.
    public var toolPolicy: ToolPolicy
    /// Origins accepted besides the loopback ones (exact `scheme://host[:port]`).
    public var allowedOrigins: [String]
    /// Numeric limits.
    public var limits: MCPProxyLimits
    /// Which era the stdio bridge tries first with its server.
    public var upstreamProtocol: UpstreamProtocolPreference
    /// Who may use the proxy (see ``ProxyAuthentication``); there is no default, every caller decides.
    public var authentication: ProxyAuthentication
    /// Headers the reverse proxy sends on every upstream request (a remote workload's static credentials); they
    /// replace any header of the same name from the client and are never logged.
    public var upstreamHeaders: [String: String]
    /// Where the proxy counts its requests (the runner sets it); none by default.
    public var metrics: ProxyMetrics?
    /// A remote workload's dynamic upstream credential (OAuth), asked per request; see ``UpstreamAuthorizer``.
    public var upstreamAuthorizer: (any UpstreamAuthorizer)?

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1",
        port: Int,
        serverName: String,
        authentication: ProxyAuthentication,
        upstreamHeaders: [String: String] = [:],
        upstreamAuthorizer: (any UpstreamAuthorizer)? = nil,
        toolPolicy: ToolPolicy = .init(),
        allowedOrigins: [String] = [],
        limits: MCPProxyLimits = .standard,
        upstreamProtocol: UpstreamProtocolPreference = .sessionFirst
    ) {
        self.host = host
        self.port = port
        self.serverName = serverName
        self.toolPolicy = toolPolicy
        self.allowedOrigins = allowedOrigins
        self.limits = limits
        self.upstreamProtocol = upstreamProtocol
        self.authentication = authentication
        self.upstreamHeaders = upstreamHeaders
        self.upstreamAuthorizer = upstreamAuthorizer
    }
}
