import HiveKeepCore
import HiveKeepWorkloads

extension CLIEnvironment {
    func groupService() -> GroupService {
        GroupService(paths: paths, logger: logger, workloads: workloadService())
    }

    func clientService() -> ClientService {
        ClientService(
            paths: paths, environment: environment, groups: groupService(), logger: logger,
            workloads: workloadService())
    }

    /// The workload service; runners are started from this executable (or `HIVEKEEP_RUNNER_PATH`).
    func workloadService() -> WorkloadService {
        WorkloadService(
            paths: paths, environment: environment, secrets: secretsService(), registry: registryService(),
            options: .standard(environment: environment.values), logger: logger)
    }
}
