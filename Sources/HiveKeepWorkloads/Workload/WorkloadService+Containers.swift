import HiveKeepContainers
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepRuntime

/// What the service does for container workloads beyond what it does for processes.
extension WorkloadService {
    /// The image `request` runs as a container (a registry entry's image or the request's own), or nil when it runs
    /// a package, a local command or a remote server.
    static func containerImage(request: WorkloadRequest, entry: RegistryEntry?) -> String? {
        let image: String?
        switch entry {
        case .image(let server): image = server.image
        case .remote: image = nil
        case nil: image = (request.url?.isEmpty ?? true) ? request.image : nil
        }
        guard let image, WorkloadBuilder.runsAsContainer(image: image) else { return nil }
        return image
    }

    /// A container workload needs an engine: 503 naming where HiveKeep looked when none answers. The image's syntax
    /// is checked first (400), so a malformed reference is refused the same with or without an engine.
    func requireContainerEngine(request: WorkloadRequest, entry: RegistryEntry?) async throws {
        guard let image = Self.containerImage(request: request, entry: entry) else { return }
        _ = try ImageReference(parsing: image)
        _ = try await options.containerEngine.engine()
    }

    /// Whether `config` runs as a container.
    static func isContainer(_ config: RunConfig) -> Bool {
        WorkloadBuilder.isContainer(config)
    }
}
