import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import Logging

/// What every command that touches HiveKeep's state needs: the directories and the services over them.
struct CLIEnvironment {
    let environment: EnvironmentValues
    let paths: HiveKeepPaths
    let logger: Logger

    init(logLevel: Logger.Level = .warning) throws {
        CLILogging.bootstrap(level: logLevel)
        environment = EnvironmentValues.process()
        paths = try HiveKeepPaths(environment: environment)
        try paths.createDirectories()
        logger = Logger(label: "hivekeep.cli")
    }

    /// The secrets service, exactly as the server builds it.
    func secretsService() -> SecretsService {
        SecretsService(.standard(paths: paths, environment: environment, logger: logger))
    }
}
