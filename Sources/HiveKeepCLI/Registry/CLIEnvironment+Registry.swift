import HiveKeepRegistry
import HiveKeepStore

extension CLIEnvironment {
    /// The registry service, exactly as the server builds it.
    func registryService() -> RegistryService {
        RegistryService(paths: paths, config: ConfigStore(path: paths.configFile), logger: logger)
    }
}
