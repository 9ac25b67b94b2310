import HiveKeepCore

/// The AI clients whose configuration files HiveKeep manages, in the reference's discovery order.
public enum ClientType: String, CaseIterable, Sendable, Hashable, Encodable {
    case rooCode = "roo-code"
    case cline
    case vscodeInsider = "vscode-insider"
    case vscode
    case cursor
    case claudeCode = "claude-code"
    case windsurf
    case windsurfJetBrains = "windsurf-jetbrains"
    case ampCLI = "amp-cli"
    case ampVSCode = "amp-vscode"
    case ampVSCodeInsider = "amp-vscode-insider"
    case ampCursor = "amp-cursor"
    case ampWindsurf = "amp-windsurf"
    case lmStudio = "lm-studio"
    case goose
    case trae
    case `continue`
    case opencode
    case kiro
    case antigravity
    case zed

    /// The client named `name`, or a 400-class error listing the supported names.
    public static func parse(_ name: String) throws -> ClientType {
        guard let client = ClientType(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            throw HiveKeepError.invalid("unsupported client type '\(name)'; supported: \(names)")
        }
        return client
    }

    /// What registering this client tells the user when it cannot send the workload proxies' bearer token (some
    /// or all of its entries carry no headers), or nil when every entry carries the `Authorization` header.
    public var proxyAuthenticationWarning: String? {
        let how =
            "its requests are refused by workload proxies that require authentication; set `proxy_auth: none` on "
            + "such a workload (its proxy then listens on loopback only) or use a client that sends headers, such "
            + "as cursor or vscode"
        switch spec.shape {
        case .json: return nil
        case .gooseExtensions:
            return "goose sends no HTTP headers to SSE extensions, so its entries for SSE workloads carry no "
                + "Authorization header: \(how)"
        case .continueServers:
            return "continue does not send HTTP headers to MCP servers, so its entries carry no Authorization "
                + "header: \(how)"
        }
    }

    /// Where the client's configuration file is and what HiveKeep's entries in it look like (Linux).
    ///
    /// Whether an entry carries `headers` (the proxy's `Authorization: Bearer` token), from each client's docs:
    /// - cursor: `headers` beside `url` (https://cursor.com/docs/mcp); lm-studio follows Cursor's notation
    ///   (https://lmstudio.ai/docs/app/plugins/mcp).
    /// - vscode, vscode-insider: `headers` for http/sse servers (https://code.visualstudio.com/docs/copilot/
    ///   customization/mcp-servers).
    /// - claude-code: `headers` for http/sse servers (https://docs.claude.com/en/docs/claude-code/mcp).
    /// - windsurf, windsurf-jetbrains: `serverUrl` and `headers` (https://docs.windsurf.com/windsurf/cascade/mcp).
    /// - cline: `url`, `type`, `headers` for remote servers (https://docs.cline.bot/mcp/configuring-mcp-servers).
    /// - roo-code: `headers` for streamable-http and sse (https://docs.roocode.com/features/mcp/using-mcp-in-roo).
    /// - amp-*: remote servers are `url` and `headers` in `amp.mcpServers` (https://ampcode.com/manual#mcp).
    /// - trae: `url` and `headers` (https://docs.trae.ai/ide/model-context-protocol).
    /// - opencode: `type: remote`, `url`, `headers` (https://opencode.ai/docs/mcp-servers/).
    /// - kiro: `url` and `headers` (https://kiro.dev/docs/mcp/configuration).
    /// - antigravity: `serverUrl` and `headers` (https://antigravity.google/docs/mcp).
    /// - zed: `url` and an optional `headers` map in `context_servers` (https://zed.dev/docs/ai/mcp).
    /// - goose: `headers` for `streamable_http` extensions only; SSE extensions have none
    ///   (https://block.github.io/goose/docs/getting-started/using-extensions).
    /// - continue: no headers for sse or streamable-http servers (https://docs.continue.dev/customize/deep-dives/mcp;
    ///   the feature request https://github.com/continuedev/continue/discussions/9475 was closed unimplemented).
    public var spec: ClientFileSpec {
        let vsHTTP = ClientFileSpec.EntryShape.json(
            keyPath: ["servers"], urlKey: "url", sseType: "sse", streamableType: "http")
        let http = ClientFileSpec.EntryShape.json(
            keyPath: ["mcpServers"], urlKey: "url", sseType: "sse", streamableType: "http")
        let amp = ClientFileSpec.EntryShape.json(
            keyPath: ["amp.mcpServers"], urlKey: "url", sseType: "sse", streamableType: "http")
        let windsurfShape = ClientFileSpec.EntryShape.json(
            keyPath: ["mcpServers"], urlKey: "serverUrl", sseType: "sse", streamableType: "http")
        let vscodeStorage = "Code/User/globalStorage"
        switch self {
        case .rooCode:
            return .init(
                .xdgConfig, "\(vscodeStorage)/rooveterinaryinc.roo-cline/settings/mcp_settings.json",
                .json(keyPath: ["mcpServers"], urlKey: "url", sseType: "sse", streamableType: "streamable-http"))
        case .cline:
            return .init(
                .xdgConfig, "\(vscodeStorage)/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
                .json(keyPath: ["mcpServers"], urlKey: "url", sseType: "sse", streamableType: "streamableHttp"))
        case .vscodeInsider: return .init(.xdgConfig, "Code - Insiders/User/mcp.json", vsHTTP)
        case .vscode: return .init(.xdgConfig, "Code/User/mcp.json", vsHTTP)
        case .cursor: return .init(.home, ".cursor/mcp.json", http)
        case .claudeCode: return .init(.home, ".claude.json", http, installedWhenFileExists: true)
        case .windsurf: return .init(.home, ".codeium/windsurf/mcp_config.json", windsurfShape)
        case .windsurfJetBrains: return .init(.home, ".codeium/mcp_config.json", windsurfShape)
        case .ampCLI: return .init(.xdgConfig, "amp/settings.json", amp)
        case .ampVSCode: return .init(.xdgConfig, "Code/User/settings.json", amp)
        case .ampVSCodeInsider: return .init(.xdgConfig, "Code - Insiders/User/settings.json", amp)
        case .ampCursor: return .init(.xdgConfig, "Cursor/User/settings.json", amp)
        case .ampWindsurf: return .init(.xdgConfig, "Windsurf/User/settings.json", amp)
        case .lmStudio: return .init(.home, ".lmstudio/mcp.json", http)
        case .goose: return .init(.xdgConfig, "goose/config.yaml", .gooseExtensions)
        case .trae:
            return .init(
                .xdgConfig, "Trae/User/mcp.json",
                .json(keyPath: ["mcpServers"], urlKey: "url", sseType: nil, streamableType: nil))
        case .continue: return .init(.home, ".continue/config.yaml", .continueServers)
        case .opencode:
            return .init(
                .xdgConfig, "opencode/opencode.json",
                .json(keyPath: ["mcp"], urlKey: "url", sseType: "remote", streamableType: "remote"))
        case .kiro:
            return .init(
                .home, ".kiro/settings/mcp.json",
                .json(keyPath: ["mcpServers"], urlKey: "url", sseType: nil, streamableType: nil))
        case .antigravity:
            return .init(
                .home, ".gemini/antigravity/mcp_config.json",
                .json(keyPath: ["mcpServers"], urlKey: "serverUrl", sseType: nil, streamableType: nil))
        case .zed:
            return .init(
                .xdgConfig, "zed/settings.json",
                .json(keyPath: ["context_servers"], urlKey: "url", sseType: nil, streamableType: nil))
        }
    }
}
