import HiveKeepContainers
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepRuntime
import Logging

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

/// Stop, delete, logs and reconciliation of container workloads.
extension WorkloadService {
    /// Removes the containers of `config`'s workload that are left after its runner stopped (a runner that was
    /// killed cannot remove its own). Nothing to do for a process workload or when no engine answers.
    func removeContainers(of config: RunConfig) async {
        guard Self.isContainer(config), let engine = try? await options.containerEngine.engine() else { return }
        do {
            let instance = ContainerWorkload.instance(paths)
            for container in try await engine.list(workload: config.name)
            where ContainerWorkload.belongs(container, to: instance) {
                try await engine.remove(id: container.id)
                logger.info(
                    "removed the workload's container",
                    metadata: ["workload.name": "\(config.name)", "container.id": "\(container.id)"])
            }
        } catch {
            logger.warning(
                "cannot remove the workload's container",
                metadata: ["workload.name": "\(config.name)", "error": "\(error)"])
        }
    }

    /// The last `lines` lines of the container's output from the engine, or nil when the workload has no container
    /// now (stopped), so that the caller falls back to the runner's server log.
    func containerLogs(of config: RunConfig, lines: Int) async throws -> String? {
        let engine = try await options.containerEngine.engine()
        let instance = ContainerWorkload.instance(paths)
        guard
            let container = try await engine.list(workload: config.name).first(where: {
                ContainerWorkload.belongs($0, to: instance)
            })
        else { return nil }
        do {
            return try await engine.logs(id: container.id, tail: lines)
        } catch let error as ContainerEngineError {
            throw ContainerEngineSource.describe(error)
        }
    }

    /// Containers of this installation (HiveKeep's labels and its instance label) whose workload no longer exists are
    /// removed; another installation's, and any container without HiveKeep's labels, are left alone. Nothing happens
    /// when no engine answers.
    func reconcileContainers() async -> [ReconcileAction] {
        guard let engine = try? await options.containerEngine.engine(),
            let containers = try? await engine.list(workload: nil)
        else { return [] }
        var actions: [ReconcileAction] = []
        let instance = ContainerWorkload.instance(paths)
        for container in containers
        where ContainerWorkload.belongs(container, to: instance) && !configs.exists(container.workload) {
            do {
                try await engine.remove(id: container.id)
                actions.append(
                    ReconcileAction(
                        workload: container.workload, kind: .removed,
                        detail: "container \(container.id.prefix(12)) had HiveKeep's labels and no workload"))
            } catch {
                actions.append(ReconcileAction(workload: container.workload, kind: .failed, detail: "\(error)"))
            }
        }
        return actions
    }
}
