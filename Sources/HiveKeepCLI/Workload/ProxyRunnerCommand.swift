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
/// never by hand). It reads the workload's secrets from the descriptor `--secrets-fd` names, then serves until
/// SIGTERM or SIGINT.
struct ProxyRunnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy-runner", abstract: "Run one workload's MCP server and proxy (internal).",
        shouldDisplay: false)

    @Option(name: .customLong("secrets-fd"), help: "The inherited descriptor the workload's secrets arrive on.")
    var secretsDescriptor: Int32?

    @Argument(help: "The workload's name.")
    var name: String

    func validate() throws {
        if let secretsDescriptor, secretsDescriptor < 3 {
            throw ValidationError("--secrets-fd must name a descriptor above standard error (3 or more)")
        }
    }

    func run() async throws {
        // First, before the runner opens anything: close every descriptor it inherited but the secrets pipe (the
        // service spawns it with nothing else, a runner started any other way may have more), leave the caller's
        // session, and send its output to the workload's proxy log.
        Daemonize.closeInheritedDescriptors(except: Set([secretsDescriptor].compactMap { $0 }))
        try Daemonize.becomeSessionLeader()
        try WorkloadName.validateExisting(name)
        let environment = EnvironmentValues.process()
        let paths = try HiveKeepPaths(environment: environment)
        let files = WorkloadPaths(paths)
        try FileSystem.createDirectory(files.logsDirectory, mode: 0o700)
        try Daemonize.redirectStandardStreams(to: files.proxyLog(name))
        CLILogging.bootstrap(level: .info)
        let logger = Logger(label: "hivekeep.runner.\(name)")
        let secrets: SecretEnvironment
        if let secretsDescriptor {
            secrets = try SecretsHandover.read(from: secretsDescriptor)
            close(secretsDescriptor)
        } else {
            secrets = SecretEnvironment()
        }
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
