import Foundation
import HiveKeepAuth
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Hummingbird
import HummingbirdTesting
import Logging
import Sodium
import Synchronization

@testable import HiveKeepServer

/// Builds the real application over a throwaway set of directories, with a logger whose records tests can read.
struct TestApp {
    let directory: TemporaryDirectory
    let paths: HiveKeepPaths
    let logs = LogCapture()

    init() throws {
        directory = try TemporaryDirectory()
        paths = try HiveKeepPaths(environment: EnvironmentValues(directory.isolatedEnvironment()))
        try paths.createDirectories()
    }

    /// Secrets over the throwaway directories, with the fastest KDF the vault accepts and this test's own keyring
    /// store (the test process runs inside the private keyring session).
    func secretsDependencies(environment: [String: String] = [:]) -> SecretsService.Dependencies {
        var dependencies = SecretsService.Dependencies.standard(
            paths: paths,
            environment: EnvironmentValues(directory.isolatedEnvironment(extra: environment)),
            logger: logs.logger
        )
        dependencies.kdfLimits = .minimumAllowed
        return dependencies
    }

    /// The API token file of this installation.
    var apiToken: TokenFile { TokenFile(path: paths.stateDirectory + "/api-token") }

    func configuration(allowedOrigins: [String] = []) -> ServerConfiguration {
        ServerConfiguration(listen: .tcp(host: "127.0.0.1", port: 0), allowedOrigins: allowedOrigins, paths: paths)
    }

    func application(
        allowedOrigins: [String] = [],
        health: HealthCheck? = nil,
        authenticator: APIAuthenticator? = nil,
        clientWorkloads: (any GroupWorkloads)? = nil
    ) throws -> some ApplicationProtocol {
        var dependencies = try ServerDependencies.standard(
            paths: paths,
            environment: EnvironmentValues(directory.isolatedEnvironment()),
            logger: logs.logger
        )
        dependencies.secrets = SecretsService(secretsDependencies())
        if let health { dependencies.health = health }
        // The endpoint suites test what each operation does, as an anonymous admin; AuthTests test who may call.
        dependencies.authenticator = authenticator ?? APIAuthenticator(mode: .none, apiToken: apiToken)
        if let clientWorkloads {
            dependencies.clients = ClientService(
                paths: paths, environment: EnvironmentValues(directory.isolatedEnvironment()),
                groups: dependencies.groups, logger: logs.logger, workloads: clientWorkloads)
        }
        return try buildApplication(
            configuration: configuration(allowedOrigins: allowedOrigins),
            dependencies: dependencies,
            logger: logs.logger
        )
    }
}

/// Collects log records in memory.
final class LogCapture: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let storage = Mutex<[Record]>([])

    var records: [Record] { storage.withLock { $0 } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(capture: self) }
    }

    fileprivate func append(_ record: Record) { storage.withLock { $0.append(record) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            merged.merge(event.metadata ?? [:]) { _, new in new }
            capture.append(
                Record(
                    level: event.level,
                    message: "\(event.message)",
                    metadata: merged.mapValues { "\($0)" }
                )
            )
        }
    }
}

extension ByteBuffer {
    var text: String { String(buffer: self) }
}
