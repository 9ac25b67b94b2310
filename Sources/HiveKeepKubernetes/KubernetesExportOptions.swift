/// What an export to Kubernetes takes besides the run configuration.
public struct KubernetesExportOptions: Sendable, Hashable {
    /// The container image of a package workload (`uvx://`, `npx://`); overrides the registry's image.
    public var image: String?
    /// The namespace written into each resource's metadata; nil leaves it to `kubectl -n`.
    public var namespace: String?
    /// The CPU limit of the server's container, a Kubernetes quantity such as `500m`.
    public var cpuLimit: String?
    /// The memory limit of the server's container, a Kubernetes quantity such as `256Mi`.
    public var memoryLimit: String?

    public init(image: String? = nil, namespace: String? = nil, cpuLimit: String? = nil, memoryLimit: String? = nil) {
        self.image = image
        self.namespace = namespace
        self.cpuLimit = cpuLimit
        self.memoryLimit = memoryLimit
    }
}
