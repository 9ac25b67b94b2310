import Foundation
import HiveKeepCore

/// Answers the bridge gives itself, from what the upstream said in its handshake: `initialize` for session-era
/// clients, `server/discover` when the upstream is session-era, `ping`.
struct BridgeAnswers {
    let upstream: UpstreamDescription
    let serverName: String

    /// The revision a session-era client gets: the one it asked for when known, else the newest known.
    static func negotiate(_ requested: String?) -> String {
        guard let requested, MCPProtocol.sessionVersions.contains(requested) else {
            return MCPProtocol.latestSessionVersion
        }
        return requested
    }

    private var cached: [String: JSONValue] {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(upstream.result)))?.objectValue ?? [:]
    }

    private var serverInfo: JSONValue {
        let members = cached
        switch upstream.era {
        case .session: if let info = members["serverInfo"] { return info }
        case .stateless: if let info = members["_meta"]?[MCPProtocol.metaServerInfo] { return info }
        }
        return .object(["name": .string(serverName), "version": .string("unknown")])
    }

    /// The `initialize` result for a client that asked for `version`.
    func initializeResult(version: String) -> [UInt8] {
        var result: [String: JSONValue] = [
            "protocolVersion": .string(version),
            "capabilities": cached["capabilities"] ?? .object([:]),
            "serverInfo": serverInfo,
        ]
        if let instructions = cached["instructions"] { result["instructions"] = instructions }
        return Self.encode(.object(result))
    }

    /// The `server/discover` result when the upstream is session-era.
    func discoverResult() -> [UInt8] {
        var result: [String: JSONValue] = [
            "resultType": .string("complete"),
            "cacheScope": .string("private"),
            "ttlMs": .int(0),
            "supportedVersions": .array([.string(MCPProtocol.statelessVersion)]),
            "capabilities": cached["capabilities"] ?? .object([:]),
            "_meta": .object([MCPProtocol.metaServerInfo: serverInfo]),
        ]
        if let instructions = cached["instructions"] { result["instructions"] = instructions }
        return Self.encode(.object(result))
    }

    /// The `_meta` members added to a session-era client's requests when the upstream is stateless.
    static func envelope(initializeParams params: RPCMessage) -> [UInt8] {
        let bytes = params.bytes
        let capabilities = JSONBytes.member("capabilities", of: bytes, in: params.params).map { Array(bytes[$0]) }
        let info = JSONBytes.member("clientInfo", of: bytes, in: params.params).map { Array(bytes[$0]) }
        var out = Array("\"\(MCPProtocol.metaProtocolVersion)\":\"\(MCPProtocol.statelessVersion)\",".utf8)
        out += Array("\"\(MCPProtocol.metaClientCapabilities)\":".utf8) + (capabilities ?? Array("{}".utf8))
        if let info { out += Array(",\"\(MCPProtocol.metaClientInfo)\":".utf8) + info }
        return out
    }

    /// The envelope for an SSE-transport session that never initialized.
    static let defaultEnvelope = Array(
        "\"\(MCPProtocol.metaProtocolVersion)\":\"\(MCPProtocol.statelessVersion)\",\"\(MCPProtocol.metaClientCapabilities)\":{}"
            .utf8)

    static func encode(_ value: JSONValue) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }
}
