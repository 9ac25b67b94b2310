import HiveKeepCore
import HiveKeepRegistry

/// Run configurations as ToolHive operator resources: an `MCPServer` per workload with its transport, ports,
/// arguments, environment, secrets (as references to keys of Kubernetes Secrets, never values), tool filter (an
/// `MCPToolConfig`) and resource limits; a group adds its `MCPGroup`.
public enum KubernetesExport {
    /// The operator API of `MCPServer`, `MCPGroup` and `MCPToolConfig`: the storage version of the operator-crds
    /// chart 0.44.0.
    public static let apiVersion = "toolhive.stacklok.dev/v1beta1"
    /// The operator API of `MCPToolConfig`.
    public static let toolConfigAPIVersion = "toolhive.stacklok.dev/v1beta1"
    /// The variables the operator sets itself; a run configuration's copies are left out.
    static let operatorVariables: Set<String> = ["MCP_TRANSPORT", "MCP_PORT", "FASTMCP_PORT", "MCP_HOST"]
    static let managedBy = ["app.kubernetes.io/managed-by": "hivekeep"]

    /// The manifest of one workload, without a group reference.
    ///
    /// - Throws: `.invalidArgument` for a remote or `exec://` workload, a package without an image, a transport the
    ///   operator does not know, or two references to one secret.
    public static func workload(
        _ config: RunConfig, registry: RegistryDocument?, options: KubernetesExportOptions
    ) throws -> KubernetesManifest {
        var manifest = KubernetesManifest()
        try add(config, group: nil, registry: registry, options: options, to: &manifest)
        return manifest
    }

    /// The manifest of a group: its `MCPGroup` and each workload's resources, which reference it.
    public static func group(
        _ name: String, configs: [RunConfig], registry: RegistryDocument?, options: KubernetesExportOptions
    ) throws -> KubernetesManifest {
        var manifest = KubernetesManifest()
        let groupName = try KubernetesName.object(name)
        manifest.groups.append(
            KubernetesResource(
                apiVersion: apiVersion, kind: "MCPGroup", metadata: metadata(groupName, options, source: name),
                spec: MCPGroupSpec(description: "HiveKeep group \(name)")))
        for config in configs.sorted(by: { $0.name < $1.name }) {
            try add(config, group: groupName, registry: registry, options: options, to: &manifest)
        }
        return manifest
    }

    private static func add(
        _ config: RunConfig, group: String?, registry: RegistryDocument?, options: KubernetesExportOptions,
        to manifest: inout KubernetesManifest
    ) throws {
        let name = try KubernetesName.object(config.name)
        guard ["stdio", "sse", "streamable-http"].contains(config.transport) else {
            throw HiveKeepError.invalid(
                "workload \(config.name) has transport \(config.transport), which the operator does not run")
        }
        var spec = MCPServerSpec(
            image: try KubernetesImage.resolve(config, registry: registry, given: options.image),
            transport: config.transport)
        if config.transport == "stdio", let mode = config.proxyMode, ["sse", "streamable-http"].contains(mode) {
            spec.proxyMode = mode
        }
        spec.proxyPort = (1...65535).contains(config.port) ? config.port : nil
        if config.transport != "stdio", let target = config.targetPort, (1...65535).contains(target) {
            spec.mcpPort = target
        }
        spec.args = config.cmdArgs.isEmpty ? nil : config.cmdArgs
        let env = config.envVars.keys.sorted().filter { !operatorVariables.contains($0) }
        spec.env = env.isEmpty ? nil : env.map { .init(name: $0, value: config.envVars[$0] ?? "") }
        spec.secrets = try secretReferences(config)
        spec.resources = resources(options)
        spec.trustProxyHeaders = config.trustProxyHeaders == true ? true : nil
        spec.endpointPrefix = config.endpointPrefix.flatMap { $0.isEmpty ? nil : $0 }
        spec.groupRef = group.map(NameReference.init(name:))
        if !config.toolsFilter.isEmpty || !config.toolsOverride.isEmpty {
            let toolConfig = try KubernetesName.object(name + "-tools")
            let overrides = config.toolsOverride.mapValues {
                MCPToolConfigSpec.Override(name: $0.name, description: $0.description)
            }
            manifest.toolConfigs.append(
                KubernetesResource(
                    apiVersion: toolConfigAPIVersion, kind: "MCPToolConfig",
                    metadata: metadata(toolConfig, options, source: config.name),
                    spec: MCPToolConfigSpec(
                        toolsFilter: config.toolsFilter.isEmpty ? nil : config.toolsFilter,
                        toolsOverride: overrides.isEmpty ? nil : overrides)))
            spec.toolConfigRef = NameReference(name: toolConfig)
        }
        manifest.servers.append(
            KubernetesResource(
                apiVersion: apiVersion, kind: "MCPServer", metadata: metadata(name, options, source: config.name),
                spec: spec))
    }

    /// Each `name,target=VARIABLE` reference as key `value` of the Secret named after the HiveKeep secret.
    private static func secretReferences(_ config: RunConfig) throws -> [MCPServerSpec.SecretKeyReference]? {
        var references: [MCPServerSpec.SecretKeyReference] = []
        for text in config.secrets {
            let reference = try SecretReference(parsing: text)
            let secretName = try KubernetesName.object(reference.name)
            guard !references.contains(where: { $0.name == secretName }) else {
                throw HiveKeepError.invalid(
                    "workload \(config.name) references secret \(reference.name) twice (or two secrets that map to "
                        + "the Kubernetes name \(secretName)); the operator takes one reference per Secret")
            }
            references.append(.init(name: secretName, key: "value", targetEnvName: reference.target))
        }
        return references.isEmpty ? nil : references
    }

    private static func resources(_ options: KubernetesExportOptions) -> MCPServerSpec.ResourceRequirements? {
        guard options.cpuLimit != nil || options.memoryLimit != nil else { return nil }
        let limits = MCPServerSpec.Quantities(cpu: options.cpuLimit, memory: options.memoryLimit)
        return MCPServerSpec.ResourceRequirements(limits: limits, requests: nil)
    }

    private static func metadata(
        _ name: String, _ options: KubernetesExportOptions, source: String
    ) -> KubernetesMetadata {
        KubernetesMetadata(
            name: name, namespace: options.namespace, labels: managedBy,
            annotations: ["hivekeep.dev/source": source])
    }
}
