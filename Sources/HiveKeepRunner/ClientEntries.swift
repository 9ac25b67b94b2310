import HiveKeepClients
import HiveKeepCore
import HiveKeepStore
import HiveKeepWorkloads
import Logging

/// Adds a workload to, and removes it from, the configuration files of its group's registered clients; failures
/// are logged, never fatal to the workload.
struct ClientEntries {
    let paths: HiveKeepPaths
    let environment: EnvironmentValues
    let logger: Logger

    private var service: ClientService {
        ClientService(
            paths: paths, environment: environment, groups: GroupService(paths: paths, logger: logger), logger: logger)
    }

    func add(_ config: RunConfig) async {
        do {
            try await service.addWorkload(WorkloadService.clientEntry(for: config), group: config.group ?? "default")
        } catch {
            logger.warning(
                "cannot add the workload to client configurations",
                metadata: ["workload.name": "\(config.name)", "error": "\(error)"])
        }
    }

    func remove(_ config: RunConfig) async {
        do {
            try await service.removeWorkload(named: config.name, group: config.group ?? "default")
        } catch {
            logger.warning(
                "cannot remove the workload from client configurations",
                metadata: ["workload.name": "\(config.name)", "error": "\(error)"])
        }
    }
}
