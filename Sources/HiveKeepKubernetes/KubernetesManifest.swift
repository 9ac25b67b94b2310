import HiveKeepCore
import Yams

/// The resources that run one workload, or a group of them, under the ToolHive operator; written as YAML with one
/// document per resource (groups, then tool configurations, then servers, so that `kubectl apply` creates what is
/// referenced first).
public struct KubernetesManifest: Sendable, Hashable {
    /// The operator's `MCPGroup`s.
    public var groups: [KubernetesResource<MCPGroupSpec>] = []
    /// The operator's `MCPToolConfig`s (tool filters and overrides).
    public var toolConfigs: [KubernetesResource<MCPToolConfigSpec>] = []
    /// The operator's `MCPServer`s.
    public var servers: [KubernetesResource<MCPServerSpec>] = []

    /// The payload type of a signed manifest (a DSSE envelope around ``yaml()``).
    public static let payloadType = "application/vnd.hivekeep.k8s-manifest+yaml"

    public init() {}

    /// The manifest as YAML: each resource a document that starts with `---`, keys sorted.
    public func yaml() throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        var text = ""
        for group in groups { text += "---\n" + (try encoder.encode(group)) }
        for toolConfig in toolConfigs { text += "---\n" + (try encoder.encode(toolConfig)) }
        for server in servers { text += "---\n" + (try encoder.encode(server)) }
        return text
    }

    /// Every Secret and key the servers need, as `Secret/key`, sorted: what must exist in the namespace first.
    public var requiredSecretKeys: [String] {
        Set(servers.flatMap { $0.spec.secrets ?? [] }.map { "\($0.name)/\($0.key)" }).sorted()
    }
}
