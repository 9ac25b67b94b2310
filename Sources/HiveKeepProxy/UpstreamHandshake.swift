import HiveKeepCore

/// Learns what the upstream speaks: `server/discover` first (2026-07-28); when that fails, the bridge holds a
/// session-era session of its own (`initialize` + `notifications/initialized`).
struct UpstreamHandshake {
    let core: BridgeCore

    /// The client info the bridge presents upstream.
    static let clientInfo = "{\"name\":\"hivekeep-proxy\",\"version\":\"\(HiveKeepVersion.current)\"}"
    /// The capabilities the bridge declares to a session-era upstream: everything a downstream client might answer.
    static let sessionCapabilities = "{\"roots\":{\"listChanged\":true},\"sampling\":{},\"elicitation\":{}}"

    func run(timeout: Duration) async throws -> UpstreamDescription {
        let deadline = ContinuousClock.now + timeout
        let discoverParams =
            "{\"_meta\":{\"\(MCPProtocol.metaProtocolVersion)\":\"\(MCPProtocol.statelessVersion)\","
            + "\"\(MCPProtocol.metaClientCapabilities)\":{},\"\(MCPProtocol.metaClientInfo)\":\(Self.clientInfo)}}"
        // A session-era server may stay silent on an unknown method before initialize: give discover a short time.
        let probeTimeout = min(timeout, .seconds(5))
        if let reply = try? await core.sendInternal(
            method: "server/discover", params: Array(discoverParams.utf8), timeout: probeTimeout),
            let result = reply.result,
            let versions = JSONBytes.member("supportedVersions", of: reply.bytes, in: result),
            String(decoding: reply.bytes[versions], as: UTF8.self).contains("\"\(MCPProtocol.statelessVersion)\"")
        {
            return UpstreamDescription(era: .stateless, result: Array(reply.bytes[result]))
        }
        let remaining = max(deadline - ContinuousClock.now, .seconds(1))
        let initializeParams =
            "{\"protocolVersion\":\"\(MCPProtocol.latestSessionVersion)\",\"capabilities\":\(Self.sessionCapabilities),"
            + "\"clientInfo\":\(Self.clientInfo)}"
        let reply = try await core.sendInternal(
            method: "initialize", params: Array(initializeParams.utf8), timeout: remaining)
        guard let result = reply.result else {
            throw HiveKeepError(.unavailable, "the MCP server refused initialize")
        }
        core.writeUpstream(RPCBytes.notification(method: "notifications/initialized", params: nil))
        return UpstreamDescription(era: .session, result: Array(reply.bytes[result]))
    }
}
