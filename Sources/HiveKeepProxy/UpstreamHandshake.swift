import HiveKeepCore

/// Which MCP era the bridge tries first with a stdio server that may speak both.
public enum UpstreamProtocolPreference: Sendable, Hashable {
    /// `initialize` first (the bridge holds one session-era session), `server/discover` when it is refused.
    /// Faster with servers that speak both (mcp-server-time: about 1.5x the calls per second of its stateless mode).
    case sessionFirst
    /// `server/discover` first (2026-07-28 upstream), `initialize` when discover fails.
    case statelessFirst
}

/// Learns what the upstream speaks and, for a session-era upstream, holds the session
/// (`initialize` + `notifications/initialized`).
struct UpstreamHandshake {
    let core: BridgeCore

    /// The client info the bridge presents upstream.
    static let clientInfo = "{\"name\":\"hivekeep-proxy\",\"version\":\"\(HiveKeepVersion.current)\"}"
    /// The capabilities the bridge declares to a session-era upstream: everything a downstream client might answer.
    static let sessionCapabilities = "{\"roots\":{\"listChanged\":true},\"sampling\":{},\"elicitation\":{}}"

    /// Probes in the preferred order. The first probe may take the whole timeout: a slow starter (`uvx`) must not
    /// be taken for a refusal, and a late answer would lock the server into the era of the first probe. Only an
    /// error answer moves on to the other era.
    func run(timeout: Duration, preference: UpstreamProtocolPreference) async throws -> UpstreamDescription {
        let deadline = ContinuousClock.now + timeout
        let first = preference == .sessionFirst ? initialize : discover
        let second = preference == .sessionFirst ? discover : initialize
        do {
            return try await first(timeout)
        } catch let error as ProxyFailure {
            throw error
        } catch {
            return try await second(max(deadline - ContinuousClock.now, .seconds(5)))
        }
    }

    private func discover(timeout: Duration) async throws -> UpstreamDescription {
        let params =
            "{\"_meta\":{\"\(MCPProtocol.metaProtocolVersion)\":\"\(MCPProtocol.statelessVersion)\","
            + "\"\(MCPProtocol.metaClientCapabilities)\":{},\"\(MCPProtocol.metaClientInfo)\":\(Self.clientInfo)}}"
        let reply = try await core.sendInternal(method: "server/discover", params: Array(params.utf8), timeout: timeout)
        guard let result = reply.result,
            let versions = JSONBytes.member("supportedVersions", of: reply.bytes, in: result),
            String(decoding: reply.bytes[versions], as: UTF8.self).contains("\"\(MCPProtocol.statelessVersion)\"")
        else {
            throw HiveKeepError(.unavailable, "the MCP server does not speak \(MCPProtocol.statelessVersion)")
        }
        return UpstreamDescription(era: .stateless, result: Array(reply.bytes[result]))
    }

    private func initialize(timeout: Duration) async throws -> UpstreamDescription {
        let params =
            "{\"protocolVersion\":\"\(MCPProtocol.latestSessionVersion)\",\"capabilities\":\(Self.sessionCapabilities),"
            + "\"clientInfo\":\(Self.clientInfo)}"
        let reply = try await core.sendInternal(method: "initialize", params: Array(params.utf8), timeout: timeout)
        guard let result = reply.result else {
            throw HiveKeepError(.unavailable, "the MCP server refused initialize")
        }
        core.writeUpstream(RPCBytes.notification(method: "notifications/initialized", params: nil))
        return UpstreamDescription(era: .session, result: Array(reply.bytes[result]))
    }
}
