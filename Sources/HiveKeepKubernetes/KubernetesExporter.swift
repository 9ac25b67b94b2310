import HiveKeepCore
import HiveKeepRegistry
import HiveKeepWorkloads

/// The Kubernetes export of saved workloads, shared by the REST API and the CLI: each run configuration is read
/// through ``WorkloadService/exportRunConfig(_:)`` (so one with a secret value is refused with 409, as the JSON export
/// is), then turned into operator resources by ``KubernetesExport``.
public struct KubernetesExporter: Sendable {
    let workloads: WorkloadService
    let groups: GroupService
    let registry: RegistryService

    public init(workloads: WorkloadService, groups: GroupService, registry: RegistryService) {
        self.workloads = workloads
        self.groups = groups
        self.registry = registry
    }

    /// The manifest of workload `name`.
    ///
    /// - Throws: 404 for an unknown workload, 409 for a secret value, 400 for what cannot go to a cluster.
    public func workload(_ name: String, options: KubernetesExportOptions) async throws -> KubernetesManifest {
        let config = try await workloads.exportRunConfig(name)
        return try KubernetesExport.workload(config, registry: try await document(), options: options)
    }

    /// The manifest of group `name`: its `MCPGroup` and every workload in it, stopped ones too.
    ///
    /// - Throws: 404 for an unknown group; what exporting each workload throws.
    public func group(_ name: String, options: KubernetesExportOptions) async throws -> KubernetesManifest {
        _ = try await groups.get(name)
        var configs: [RunConfig] = []
        for summary in try await workloads.list(all: true, group: name) {
            configs.append(try await workloads.exportRunConfig(summary.name))
        }
        return try KubernetesExport.group(name, configs: configs, registry: try await document(), options: options)
    }

    /// The registry, when it can be read: a package's image may come from it. Without it, `--image` is needed.
    private func document() async throws -> RegistryDocument? {
        try? await registry.registry(named: RegistryService.defaultName).document
    }
}
