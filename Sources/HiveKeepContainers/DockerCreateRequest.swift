import Foundation

/// The body of `POST /containers/create` for a ``ContainerSpec``: HiveKeep's labels always, and the hardening
/// (no privileges, every capability dropped, `no-new-privileges`, the engine's default seccomp profile, a read-only
/// root with a writable `/tmp` unless the spec turns it off, memory and process limits), and the `none` log driver
/// for a container whose output the engine must not keep (``ContainerSpec/engineKeepsLog``).
///
/// A pure function of the spec, so the hardening is testable without an engine.
struct DockerCreateRequest: Encodable, Equatable {
    struct HostConfig: Encodable, Equatable {
        struct PortBinding: Encodable, Equatable {
            var hostIP: String
            var hostPort: String
            enum CodingKeys: String, CodingKey {
                case hostIP = "HostIp"
                case hostPort = "HostPort"
            }
        }
        var privileged = false
        var capDrop = ["ALL"]
        var securityOpt = ["no-new-privileges"]
        var readonlyRootfs: Bool
        var tmpfs: [String: String]
        var memory: Int64
        var pidsLimit: Int
        var binds: [String]
        var portBindings: [String: [PortBinding]]
        var networkMode: String?
        /// Absent: the engine's default driver.
        var logConfig: LogConfig?
        enum CodingKeys: String, CodingKey {
            case privileged = "Privileged"
            case capDrop = "CapDrop"
            case securityOpt = "SecurityOpt"
            case readonlyRootfs = "ReadonlyRootfs"
            case tmpfs = "Tmpfs"
            case memory = "Memory"
            case pidsLimit = "PidsLimit"
            case binds = "Binds"
            case portBindings = "PortBindings"
            case networkMode = "NetworkMode"
            case logConfig = "LogConfig"
        }
    }

    /// `{"Type": "none"}`: the engine stores nothing of the container's output (Docker 20.10 and Podman 4.3 both
    /// accept it, and attach still works).
    struct LogConfig: Encodable, Equatable {
        var type: String
        enum CodingKeys: String, CodingKey { case type = "Type" }
    }

    struct Empty: Encodable, Equatable {}

    var image: String
    var cmd: [String]?
    var env: [String]
    var labels: [String: String]
    var exposedPorts: [String: Empty]
    var openStdin: Bool
    var stdinOnce: Bool
    var attachStdin: Bool
    var attachStdout: Bool
    var attachStderr: Bool
    var tty = false
    var hostConfig: HostConfig

    enum CodingKeys: String, CodingKey {
        case image = "Image"
        case cmd = "Cmd"
        case env = "Env"
        case labels = "Labels"
        case exposedPorts = "ExposedPorts"
        case openStdin = "OpenStdin"
        case stdinOnce = "StdinOnce"
        case attachStdin = "AttachStdin"
        case attachStdout = "AttachStdout"
        case attachStderr = "AttachStderr"
        case tty = "Tty"
        case hostConfig = "HostConfig"
    }

    /// Builds the body; throws ``ContainerSpecError`` for a spec the engine must not be given.
    init(spec: ContainerSpec) throws {
        image = spec.image
        cmd = spec.arguments
        env = try spec.environment.sorted { $0.key < $1.key }.map { name, value in
            guard !name.isEmpty, !name.contains("=") else { throw ContainerSpecError.invalidEnvironmentName(name) }
            return "\(name)=\(value)"
        }
        var labels = spec.labels
        labels[ContainerLabels.managed] = "true"
        labels[ContainerLabels.workload] = spec.workload
        self.labels = labels
        openStdin = spec.stdio
        stdinOnce = spec.stdio
        attachStdin = spec.stdio
        attachStdout = spec.stdio
        attachStderr = spec.stdio
        var exposed: [String: Empty] = [:]
        var bindings: [String: [HostConfig.PortBinding]] = [:]
        // An isolated container has no network but loopback: a published port would be silently unreachable.
        if spec.networkIsolated && spec.hostPort != nil { throw ContainerSpecError.isolatedWithPublishedPort }
        if let target = spec.targetPort {
            guard (1...65535).contains(target) else { throw ContainerSpecError.invalidPort(target) }
            exposed["\(target)/tcp"] = Empty()
            if let host = spec.hostPort {
                guard (1...65535).contains(host) else { throw ContainerSpecError.invalidPort(host) }
                bindings["\(target)/tcp"] = [.init(hostIP: "127.0.0.1", hostPort: "\(host)")]
            }
        }
        exposedPorts = exposed
        hostConfig = HostConfig(
            readonlyRootfs: spec.readOnlyRootFilesystem,
            tmpfs: spec.readOnlyRootFilesystem ? ["/tmp": "rw,nosuid,nodev,size=64m"] : [:],
            memory: spec.memoryBytes ?? DockerEngine.defaultMemoryBytes,
            pidsLimit: spec.pidsLimit ?? DockerEngine.defaultPidsLimit,
            binds: try spec.mounts.map(Self.bind), portBindings: bindings,
            networkMode: spec.networkIsolated ? DockerEngine.isolatedNetworkMode : nil,
            logConfig: spec.engineKeepsLog ? nil : LogConfig(type: "none"))
    }

    /// `source:target[:ro]`; both absolute, and without the separators the engine would misread.
    static func bind(_ mount: ContainerSpec.Mount) throws -> String {
        for path in [mount.source, mount.target] {
            guard path.hasPrefix("/"), !path.contains(":"), !path.contains(","), !path.contains("\0"),
                !path.split(separator: "/").contains("..")
            else { throw ContainerSpecError.invalidMount(path) }
        }
        return "\(mount.source):\(mount.target)" + (mount.readOnly ? ":ro" : "")
    }
}

/// A ``ContainerSpec`` that ``DockerEngine`` refuses before asking the engine.
public enum ContainerSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A mount path that is not absolute or holds `:`, `,` or `..`.
    case invalidMount(String)
    case invalidPort(Int)
    case invalidEnvironmentName(String)
    /// Network isolation with a published port (sse, streamable-http): not supported yet.
    case isolatedWithPublishedPort

    public var description: String {
        switch self {
        case .invalidMount(let path): "mount path \(path) must be absolute, without ':', ',' or '..'"
        case .invalidPort(let port): "port \(port) is not between 1 and 65535"
        case .invalidEnvironmentName(let name): "environment variable name \"\(name)\" is empty or holds '='"
        case .isolatedWithPublishedPort:
            "network isolation of a container that serves on a port (sse, streamable-http) is not supported yet"
        }
    }
}
