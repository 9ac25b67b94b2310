import HiveKeepCore

/// A container engine reached through the Docker Engine API (Podman's compatible service or Docker's daemon).
///
/// The seam between the workload runtime and the engine: ``DockerEngine`` speaks the API over a Unix socket; unit
/// tests of the runner may use another conformer. Every container HiveKeep creates carries ``ContainerLabels``; the
/// engine client never acts on a container without them (``ContainerEngineError/notOurs(_:)``).
public protocol ContainerEngine: Sendable {
    /// What the engine says it is (`GET /version`): product, version and API version.
    func info() async throws -> EngineInfo

    /// Whether the image is present locally.
    func imageExists(_ reference: String) async throws -> Bool

    /// Pulls `reference`; each progress line the engine sends goes to `progress` (credentials never appear in it).
    func pull(_ reference: String, credentials: RegistryCredentials?, progress: @escaping @Sendable (String) -> Void)
        async throws

    /// Creates (does not start) a container for `spec`; returns its id.
    func create(_ spec: ContainerSpec) async throws -> String

    /// Starts a created container.
    func start(id: String) async throws

    /// Attaches to a stdio container's stdin/stdout/stderr (call before ``start(id:)``): the returned streams are
    /// plain descriptors, stdout already demultiplexed from the engine's frames, stderr sent to `stderrLog`.
    func attach(id: String, stderrLog: String) async throws -> any ContainerStreams

    /// Waits until the container exits; returns its exit code.
    func wait(id: String) async throws -> Int

    /// Stops the container: SIGTERM, then SIGKILL after `grace`.
    func stop(id: String, grace: Duration) async throws

    /// Removes the container (forcibly when it still runs) and its anonymous volumes.
    func remove(id: String) async throws

    /// The container's state, or nil when it does not exist.
    func inspect(id: String) async throws -> ContainerState?

    /// HiveKeep's containers (those with ``ContainerLabels/managed``), optionally only those of one workload.
    func list(workload: String?) async throws -> [ContainerSummary]

    /// The last `tail` lines of the container's output (stdout and stderr).
    func logs(id: String, tail: Int) async throws -> String
}

/// What `GET /version` (and `/_ping`) report.
public struct EngineInfo: Sendable, Hashable, Codable {
    /// `podman` or `docker`, from the version's component names.
    public var product: String
    public var version: String
    public var apiVersion: String

    public init(product: String, version: String, apiVersion: String) {
        self.product = product
        self.version = version
        self.apiVersion = apiVersion
    }
}

/// Credentials for pulling from an image registry; the password comes from the secrets store by reference.
public struct RegistryCredentials: Sendable {
    public var username: String
    public var password: String
    public var serverAddress: String

    public init(username: String, password: String, serverAddress: String) {
        self.username = username
        self.password = password
        self.serverAddress = serverAddress
    }
}

/// A stdio container's attach connection: the container's stdin one way, the engine's multiplexed stdout and stderr
/// the other, on one socket.
public protocol ContainerStreams: Sendable {
    /// The connection. Whoever takes it over (the proxy's bridge) owns and closes it, with
    /// ``makeDemultiplexer()`` as the first inbound handler.
    var socket: Int32 { get }
    /// Splits the inbound side: stdout's bytes onward, stderr to the log named at attach.
    func makeDemultiplexer() -> EngineStreamDemultiplexer
    /// Shuts the connection down: the holder of ``socket`` sees end of file, the engine the attachment's end.
    func close()
}

/// A container's state from inspect.
public struct ContainerState: Sendable, Hashable {
    public var id: String
    public var running: Bool
    /// `created`, `running`, `exited`, ... as the engine says.
    public var status: String
    public var exitCode: Int?
    /// The host port the target port is published on, when it is.
    public var hostPort: Int?
    public var labels: [String: String]

    public init(
        id: String, running: Bool, status: String, exitCode: Int?, hostPort: Int?, labels: [String: String]
    ) {
        self.id = id
        self.running = running
        self.status = status
        self.exitCode = exitCode
        self.hostPort = hostPort
        self.labels = labels
    }
}

/// One of HiveKeep's containers, from the list.
public struct ContainerSummary: Sendable, Hashable {
    public var id: String
    public var workload: String
    public var running: Bool
    public var labels: [String: String]

    public init(id: String, workload: String, running: Bool, labels: [String: String]) {
        self.id = id
        self.workload = workload
        self.running = running
        self.labels = labels
    }
}

/// Why the engine refused or could not be reached.
public enum ContainerEngineError: Error, Sendable, Equatable {
    /// No engine socket answered; `lookedFor` lists where we looked, in order.
    case unavailable(lookedFor: [String])
    /// The engine answered with an error status and message.
    case engine(status: Int, message: String)
    /// The image is not present and could not be pulled.
    case imageNotFound(String)
    /// The registry refused to give the image without (valid) credentials; `message` is the engine's (no credential
    /// is in it).
    case unauthorized(image: String, message: String)
    /// The container lacks HiveKeep's labels: HiveKeep never touches it.
    case notOurs(String)
}
