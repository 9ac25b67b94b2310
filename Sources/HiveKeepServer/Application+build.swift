import HiveKeepAuth
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepWorkloads
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// What the API server is built from: its configuration and the services behind the endpoints.
public struct ServerDependencies: Sendable {
    public var document: OpenAPIDocument
    public var health: HealthCheck
    public var secrets: SecretsService
    public var registry: RegistryService
    public var groups: GroupService
    public var clients: ClientService
    public var workloads: WorkloadService
    /// Decides who each request is for.
    public var authenticator: APIAuthenticator
    /// The Prometheus metrics `GET /metrics` renders.
    public var metrics = APIMetrics()

    public init(
        document: OpenAPIDocument,
        health: HealthCheck,
        secrets: SecretsService,
        registry: RegistryService,
        groups: GroupService,
        clients: ClientService,
        workloads: WorkloadService,
        authenticator: APIAuthenticator
    ) {
        self.document = document
        self.health = health
        self.secrets = secrets
        self.registry = registry
        self.groups = groups
        self.clients = clients
        self.workloads = workloads
        self.authenticator = authenticator
    }

    /// The dependencies of a real server over `paths`; workload runners are started from `workloadOptions`
    /// (by default this executable, or `HIVEKEEP_RUNNER_PATH`).
    public static func standard(
        paths: HiveKeepPaths,
        environment: EnvironmentValues,
        logger: Logger,
        workloadOptions: WorkloadOptions? = nil,
        authenticator: APIAuthenticator? = nil
    ) throws -> ServerDependencies {
        let metrics = APIMetrics()
        var secretsDependencies = SecretsService.Dependencies.standard(
            paths: paths, environment: environment, logger: logger)
        secretsDependencies.observer = metrics.secretsObserver
        let secrets = SecretsService(secretsDependencies)
        let registry = RegistryService(paths: paths, config: ConfigStore(path: paths.configFile), logger: logger)
        let workloads = WorkloadService(
            paths: paths, environment: environment, secrets: secrets, registry: registry,
            options: workloadOptions ?? .standard(environment: environment.values), logger: logger)
        let groups = GroupService(paths: paths, logger: logger, workloads: workloads)
        var dependencies = ServerDependencies(
            document: try OpenAPIDocument.embedded(),
            health: .standard(paths: paths),
            secrets: secrets,
            registry: registry,
            groups: groups,
            clients: ClientService(
                paths: paths, environment: environment, groups: groups, logger: logger, workloads: workloads),
            workloads: workloads,
            authenticator: authenticator
                ?? APIAuthenticator(mode: .token, apiToken: TokenFile.apiToken(paths: paths, environment: environment))
        )
        dependencies.metrics = metrics
        return dependencies
    }
}

/// Builds the router: middleware in order (request id, errors and logging; Host/Origin; authentication; body limit),
/// then every operation of the OpenAPI document, each checking the permission it needs.
public func buildRouter(
    configuration: ServerConfiguration,
    dependencies: ServerDependencies
) throws -> Router<HiveKeepRequestContext> {
    let router = Router(context: HiveKeepRequestContext.self)
    router.add(middleware: MetricsMiddleware(metrics: dependencies.metrics))
    router.add(middleware: RequestErrorMiddleware(maxBodyBytes: configuration.maxBodyBytes))
    router.add(middleware: OriginMiddleware(policy: OriginPolicy(configuration: configuration)))
    router.add(middleware: AuthMiddleware(authenticator: dependencies.authenticator))
    router.add(middleware: BodyLimitMiddleware(maxBodyBytes: configuration.maxBodyBytes))

    let routes = RouteRegistry()
    SystemController(document: dependencies.document, health: dependencies.health).addRoutes(to: routes)
    MetricsController(metrics: dependencies.metrics, workloads: dependencies.workloads).addRoutes(to: routes)
    SecretsController(service: dependencies.secrets).addRoutes(to: routes)
    RegistryController(service: dependencies.registry).addRoutes(to: routes)
    GroupsController(service: dependencies.groups).addRoutes(to: routes)
    ClientsController(service: dependencies.clients).addRoutes(to: routes)
    WorkloadsController(service: dependencies.workloads).addRoutes(to: routes)
    WorkloadSignInController(service: dependencies.workloads).addRoutes(to: routes)
    TransferController(
        service: dependencies.workloads, groups: dependencies.groups, registry: dependencies.registry
    ).addRoutes(to: routes)
    try routes.install(on: router, document: dependencies.document)
    return router
}

/// Builds the HiveKeep API application. Tests build the same application and drive it with Hummingbird's test client.
public func buildApplication(
    configuration: ServerConfiguration,
    dependencies: ServerDependencies,
    logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    try configuration.validate()
    let address: BindAddress =
        switch configuration.listen {
        case .tcp(let host, let port): .hostname(host, port: port)
        case .unixSocket(let path): .unixDomainSocket(path: path)
        }
    let server = configuration.connectionLimits.serverBuilder(
        tls: try configuration.tls.map(serverTLSConfiguration))
    return Application(
        router: try buildRouter(configuration: configuration, dependencies: dependencies),
        server: server,
        configuration: .init(address: address, serverName: "HiveKeep", reuseAddress: true),
        onServerRunning: onServerRunning,
        logger: logger
    )
}

/// The TLS settings of the listener: the PEM chain and key from `files`, TLS 1.2 at least.
func serverTLSConfiguration(_ files: ServerConfiguration.TLSFiles) throws -> TLSConfiguration {
    do {
        let chain = try NIOSSLCertificate.fromPEMFile(files.certificateChain).map {
            NIOSSLCertificateSource.certificate($0)
        }
        guard !chain.isEmpty else {
            throw HiveKeepError.invalid("\(files.certificateChain) holds no PEM certificate")
        }
        let key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    } catch let error as HiveKeepError {
        throw error
    } catch {
        throw HiveKeepError.invalid(
            "cannot load the TLS certificate \(files.certificateChain) or key \(files.privateKey) (PEM expected)")
    }
}
