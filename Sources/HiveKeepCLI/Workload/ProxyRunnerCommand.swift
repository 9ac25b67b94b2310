import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepRunner
import HiveKeepRuntime
import HiveKeepStore
import HiveKeepWorkloads
import Logging
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

/// `hivekeep proxy-runner NAME`: the detached process that owns one workload (started by the workload service,
/// never by hand). It reads the workload's secrets from descriptor 3, then serves until SIGTERM or SIGINT.
struct ProxyRunnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy-runner", abstract: "Run one workload's MCP server and proxy (internal).",
        shouldDisplay: false)

    @Argument(help: "The workload's name.")
    var name: String

    func run() async throws {
        // The service spawns the runner detached (a session of its own, nothing inherited but stdio and descriptor 3).
        // Inherited descriptors cannot be closed here: by now libdispatch and the concurrency runtime own some of
        // them. A runner started by hand still leaves the caller's session.
        try Daemonize.becomeSessionLeader()
        CLILogging.bootstrap(level: .info)
        let logger = Logger(label: "hivekeep.runner.\(name)")
        let secrets: SecretEnvironment
        if fcntl(3, F_GETFD) != -1 {
            secrets = try SecretsHandover.read(from: 3)
            close(3)
        } else {
            secrets = SecretEnvironment()
        }
        let environment = EnvironmentValues.process()
        let paths = try HiveKeepPaths(environment: environment)
        let runner = ProxyRunner(name: name, paths: paths, environment: environment, logger: logger)
        logger.info("runner started", metadata: ["workload.name": "\(name)", "runner.pid": "\(getpid())"])
        let code = await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await runner.run(secrets: secrets) }
            group.addTask {
                for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                    logger.info("stopping on \(signal)", metadata: ["workload.name": "\(name)"])
                    return nil
                }
                return nil
            }
            var result: Int32 = 0
            if let first = await group.next() {
                group.cancelAll()
                if let code = first {
                    result = code
                } else {
                    result = await group.next().flatMap { $0 } ?? 0
                }
            }
            return result
        }
        if code != 0 { throw ExitCode(code) }
    }
}
