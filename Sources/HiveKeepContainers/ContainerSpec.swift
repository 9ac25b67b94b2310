/// Everything a workload's container is created with: image, command, environment, ports, mounts, limits and the
/// hardening HiveKeep applies by default (no privileges, all capabilities dropped, `no-new-privileges`, a read-only
/// root with a writable `/tmp` when the image allows it, memory and process limits, the engine's default seccomp).
public struct ContainerSpec: Sendable {
    /// The container's name at the engine (`hivekeep-<workload>`).
    public var name: String
    /// The workload it serves (also in its labels).
    public var workload: String
    public var image: String
    /// Arguments appended to the image's command (the workload's `cmd_arguments`); nil keeps the image's.
    public var arguments: [String]?
    /// Variables and secret values, handed to the engine at create time only.
    public var environment: [String: String]
    /// Labels besides ``ContainerLabels``' own.
    public var labels: [String: String]
    /// stdio transport: stdin open, attached, no TTY.
    public var stdio: Bool
    /// The port the server listens on inside the container (sse, streamable-http).
    public var targetPort: Int?
    /// The host port on 127.0.0.1 the target port is published on.
    public var hostPort: Int?
    public var mounts: [Mount]
    /// No route out: no network but the container's own loopback (`NetworkMode none`; see docs/containers.md).
    public var networkIsolated: Bool
    public var readOnlyRootFilesystem: Bool
    /// Whether the engine keeps the container's output in its log (``ContainerEngine/logs(id:tail:)``). False for a
    /// stdio MCP server, whose stdout is the MCP stream (tool results may carry anything): it is created with the
    /// `none` log driver, and its stderr reaches the runner through the attachment only.
    public var engineKeepsLog: Bool
    public var memoryBytes: Int64?
    public var pidsLimit: Int?

    public init(name: String, workload: String, image: String) {
        self.name = name
        self.workload = workload
        self.image = image
        self.arguments = nil
        self.environment = [:]
        self.labels = [:]
        self.stdio = true
        self.targetPort = nil
        self.hostPort = nil
        self.mounts = []
        self.networkIsolated = false
        self.readOnlyRootFilesystem = true
        self.engineKeepsLog = true
        self.memoryBytes = nil
        self.pidsLimit = nil
    }

    /// A bind mount of a validated absolute host path.
    public struct Mount: Sendable, Hashable {
        public var source: String
        public var target: String
        public var readOnly: Bool

        public init(source: String, target: String, readOnly: Bool) {
            self.source = source
            self.target = target
            self.readOnly = readOnly
        }
    }
}

/// The labels that mark a container as HiveKeep's and name its workload.
public enum ContainerLabels {
    /// Present (value `"true"`) on every container HiveKeep creates.
    public static let managed = "dev.hivekeep.managed"
    /// The workload's name.
    public static let workload = "dev.hivekeep.workload"
}
