import HiveKeepWorkloads

extension CLIEnvironment {
    /// The groups service, exactly as the server builds it.
    func groupService() -> GroupService {
        GroupService(paths: paths, logger: logger)
    }

    /// The clients service, exactly as the server builds it.
    func clientService() -> ClientService {
        ClientService(paths: paths, environment: environment, groups: groupService(), logger: logger)
    }
}
