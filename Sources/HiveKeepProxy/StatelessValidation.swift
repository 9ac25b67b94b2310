import HTTPTypes
import Hummingbird

/// The 2026-07-28 admission rules for a request over streamable HTTP: the `_meta` envelope, then headers that agree
/// with the body (-32020), then a supported revision (-32022). Every failure is HTTP 400.
enum StatelessValidation {
    static func failure(for message: RPCMessage, request: Request) -> ProxyFailure? {
        guard message.kind == .request, let method = message.method else { return nil }
        guard let version = message.metaString(MCPProtocol.metaProtocolVersion),
            message.metaValue(MCPProtocol.metaClientCapabilities) != nil
        else {
            return .invalid(
                "params._meta must carry \(MCPProtocol.metaProtocolVersion) and \(MCPProtocol.metaClientCapabilities)",
                code: MCPProtocol.ErrorCode.invalidParams)
        }
        let mismatch = MCPProtocol.ErrorCode.headerMismatch
        guard request.header(.mcpProtocolVersion) == version else {
            return .invalid("the MCP-Protocol-Version header does not match params._meta", code: mismatch)
        }
        guard request.header(.mcpMethod) == method else {
            return .invalid("the Mcp-Method header does not match the method", code: mismatch)
        }
        if let key = MCPProtocol.nameBearingMethods[method] {
            guard let name = request.header(.mcpName), name == message.paramString(key) else {
                return .invalid("the Mcp-Name header does not match params.\(key)", code: mismatch)
            }
        }
        guard version == MCPProtocol.statelessVersion else {
            return .invalid(
                "unsupported protocol version \(version)", code: MCPProtocol.ErrorCode.unsupportedProtocolVersion)
        }
        return nil
    }
}
