import ArgumentParser
import HiveKeepAuth
import HiveKeepCore
import HiveKeepRuntime
import HiveKeepSecrets
import HiveKeepServer
import HiveKeepStore
import HiveKeepWorkloads
import Hummingbird
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension AuthMode: ExpressibleByArgument {}

/// `hivekeep serve`: runs the REST API until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HiveKeep (ToolHive-compatible) REST API.",
        discussion: """
            Listens on 127.0.0.1:8080 by default. Every /api/v1beta operation needs a credential: by default the API \
            token (`hivekeep api-token` prints it; send it as `Authorization: Bearer TOKEN`). A non-loopback --host \
            needs --tls-cert and --tls-key and an --auth mode other than none. With --socket the API is served on a \
            Unix socket (mode 0660) instead of TCP; a peer of the server's own user (or root) needs no token there. \
            Flags override the `auth:` section of config.yaml.
            """
    )

    @Option(help: "The address or name to listen on (non-loopback needs TLS).")
    var host = "127.0.0.1"

    @Option(help: "The TCP port to listen on.")
    var port = 8080

    @Option(help: "Serve on this Unix socket path instead of TCP.")
    var socket: String?

    @Option(name: .customLong("allowed-origin"), help: "A browser origin allowed to call the API (repeatable).")
    var allowedOrigins: [String] = []

    @OptionGroup var access: ServeAccessOptions

    @Option(
        help: ArgumentHelp(
            "Also serve GET /metrics without a credential on this loopback HOST:PORT.", valueName: "host:port"))
    var metricsListen: String?

    @Option(help: "The lowest log level written to standard error.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        CLILogging.bootstrap(level: logLevel)
        let logger = Logger(label: "hivekeep.serve")
        let environment = EnvironmentValues.process()
        let paths = try HiveKeepPaths(environment: environment)
        let settings = try ConfigFile(path: paths.configFile).load().auth
        let listen: ServerConfiguration.Listen = socket.map { .unixSocket(path: $0) } ?? .tcp(host: host, port: port)
        let mode = try access.mode(settings: settings)
        let configuration = ServerConfiguration(
            listen: listen, allowedOrigins: allowedOrigins, paths: paths, authMode: mode,
            tls: try access.tlsFiles(settings: settings), allowedHosts: access.allowedHosts(settings: settings))
        try configuration.validate()
        let metricsAddress = try metricsListen.map(MetricsListener.address(parsing:))
        try paths.createDirectories()
        // Held (shared) until this process ends: no restore writes into the installation meanwhile.
        let instance = try ServerInstanceLock.acquire(paths)
        defer { withExtendedLifetime(instance) {} }
        // The snapshot keeps the vault password variables; no child of the server inherits them.
        for name in VaultPasswordSource.variablesToScrub(from: environment.values) { unsetenv(name) }
        if let socket { try UnixSocket.prepare(socket) }

        let tokenFile = TokenFile.apiToken(paths: paths, environment: environment)
        let authenticator = try await access.authenticator(
            mode: mode, settings: settings, tokenFile: tokenFile, listen: listen, logger: logger)

        // A new socket file takes its mode from the umask; keep it private until it is chmod-ed to 0660.
        let previousMask: mode_t? = socket == nil ? nil : umask(0o177)
        let scheme = configuration.tls == nil ? "http" : "https"
        let dependencies = try ServerDependencies.standard(
            paths: paths, environment: environment, logger: logger, authenticator: authenticator)
        let app = try buildApplication(
            configuration: configuration,
            dependencies: dependencies,
            logger: logger,
            onServerRunning: { _ in
                if let socket {
                    do { try UnixSocket.secure(socket) } catch { logger.error("\(error)") }
                    if let previousMask { umask(previousMask) }
                }
                logger.notice(
                    "HiveKeep \(HiveKeepVersion.current) listening",
                    metadata: ["address": "\(listen)", "scheme": "\(scheme)", "auth.mode": "\(mode.rawValue)"])
            }
        )
        defer {
            if let socket { unlink(socket) }
        }
        // Say at every start whether the sandbox every local server runs in can work here, and if not why.
        let sandbox = await SandboxProbe.check(environment: environment.values)
        if sandbox.isAvailable {
            logger.info("sandbox available", metadata: ["sandbox": "\(sandbox.description)"])
        } else {
            logger.warning(
                "sandbox unavailable: uvx://, npx:// and exec:// workloads cannot start",
                metadata: ["sandbox.reason": "\(sandbox.description)"])
        }
        // And which container engine image workloads run on, found where (or where HiveKeep looked).
        let engine = await ContainerEngineSource.statusLine(environment: environment.values)
        if engine.found {
            logger.info("container runtime available", metadata: ["container.engine": "\(engine.text)"])
        } else {
            logger.warning(
                "container runtime unavailable: image workloads cannot start",
                metadata: ["container.reason": "\(engine.text)"])
        }
        // What should run, runs: one reconciliation pass at start, then one per interval, until shutdown.
        var counted = Reconciler(
            workloads: dependencies.workloads, interval: Reconciler.interval(environment: environment.values))
        counted.onPass = dependencies.metrics.reconcileObserver
        let reconciler = counted
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await reconciler.run() }
            if let metricsAddress {
                let listener = MetricsListener.application(
                    host: metricsAddress.host, port: metricsAddress.port, dependencies: dependencies, logger: logger)
                group.addTask {
                    do {
                        try await listener.runService(gracefulShutdownSignals: [])
                    } catch {
                        logger.error(
                            "the metrics listener stopped",
                            metadata: ["address": "\(metricsListen ?? "")", "error": "\(error)"])
                    }
                }
            }
            try await app.runService()
            group.cancelAll()
        }
        logger.notice("HiveKeep stopped")
    }
}
