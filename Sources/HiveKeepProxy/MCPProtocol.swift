/// Protocol constants the proxy needs: revisions, `_meta` keys, headers and JSON-RPC error codes.
enum MCPProtocol {
    /// The stateless revision (no initialize, per-request `_meta` envelope).
    static let statelessVersion = "2026-07-28"
    /// The session-era revisions, oldest first.
    static let sessionVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]
    /// The newest session-era revision, used when a client asks for one the proxy does not know.
    static let latestSessionVersion = "2025-11-25"

    static let metaProtocolVersion = "io.modelcontextprotocol/protocolVersion"
    static let metaClientCapabilities = "io.modelcontextprotocol/clientCapabilities"
    static let metaClientInfo = "io.modelcontextprotocol/clientInfo"
    static let metaServerInfo = "io.modelcontextprotocol/serverInfo"
    static let metaLogLevel = "io.modelcontextprotocol/logLevel"
    static let metaSubscriptionID = "io.modelcontextprotocol/subscriptionId"
    /// The envelope keys a session-era upstream must not see.
    static let envelopeKeys = [metaProtocolVersion, metaClientCapabilities, metaClientInfo, metaLogLevel]

    static let sessionHeader = "Mcp-Session-Id"
    static let protocolVersionHeader = "MCP-Protocol-Version"
    static let methodHeader = "Mcp-Method"
    static let nameHeader = "Mcp-Name"

    /// Methods whose `Mcp-Name` header mirrors a body parameter.
    static let nameBearingMethods = ["tools/call": "name", "prompts/get": "name", "resources/read": "uri"]

    /// JSON-RPC error codes the proxy itself produces.
    enum ErrorCode {
        static let parseError = -32700
        static let invalidRequest = -32600
        static let methodNotFound = -32601
        static let invalidParams = -32602
        static let internalError = -32603
        /// Upstream unavailable (detached, or died with the request in flight).
        static let upstreamUnavailable = -32000
        /// The per-request timeout expired.
        static let requestTimeout = -32001
        /// A limit (in-flight requests, sessions, queue) was exceeded.
        static let limitExceeded = -32002
        /// HTTP headers disagree with the body (2026-07-28).
        static let headerMismatch = -32020
        /// The requested protocol revision is not supported (2026-07-28).
        static let unsupportedProtocolVersion = -32022
    }
}
