import HiveKeepContainers
import HiveKeepCore
import HiveKeepRuntime
import HiveKeepStore
import Sodium

/// How a container workload's run configuration becomes the container the engine creates.
///
/// Limits come from the runner's environment: `HIVEKEEP_CONTAINER_MEMORY` (bytes, or with a `k`, `m` or `g`
/// suffix; default 1g; `0` for none), `HIVEKEEP_CONTAINER_PIDS` (default 512; `0` for none) and
/// `HIVEKEEP_CONTAINER_READ_ONLY_ROOT` (default: read-only, and the runner starts an image that fails on it again
/// with a writable root; `1` forbids that fallback; `0` starts every container writable).
public enum ContainerWorkload {
    /// The label that names the HiveKeep installation a container belongs to (several may share one engine).
    public static let instanceLabel = "dev.hivekeep.instance"

    /// The installation's identity at the engine: 16 hex digits of a hash (FNV-1a, 64 bits) of its state directory.
    public static func instance(_ paths: HiveKeepPaths) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in paths.stateDirectory.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// The container name a workload's container has at the engine: unique per installation and workload.
    public static func containerName(_ workload: String, instance: String) -> String {
        "hivekeep-\(workload)-\(instance.prefix(8))"
    }

    /// Whether `container` is this installation's (its instance label), so that HiveKeep touches only its own.
    public static func belongs(_ container: ContainerSummary, to instance: String) -> Bool {
        container.labels[instanceLabel] == instance
    }

    /// Whether `config` runs as a container (a local workload whose image is an OCI reference).
    public static func isContainer(_ config: RunConfig) -> Bool { WorkloadBuilder.isContainer(config) }

    /// The container for one run of `config`: its image and arguments, `environment` (the workload's variables and
    /// its secrets' values, handed to the engine at create time only), its labels, bind mounts, network isolation,
    /// the host port its target port is published on, the limits and the read-only root.
    public static func spec(
        _ config: RunConfig, environment: [String: String], hostPort: Int?, settings: [String: String],
        instance: String
    ) throws -> ContainerSpec {
        var spec = ContainerSpec(
            name: containerName(config.name, instance: instance), workload: config.name, image: config.image)
        spec.arguments = config.cmdArgs.isEmpty ? nil : config.cmdArgs
        spec.environment = environment
        // A server told to listen on loopback inside its container cannot be reached through the published port (a
        // run configuration written for a process, or by another tool, may say so).
        if config.transport != "stdio", let host = environment["MCP_HOST"], WorkloadBuilder.loopbackHosts.contains(host)
        {
            spec.environment["MCP_HOST"] = "0.0.0.0"
        }
        spec.labels = config.containerLabels
        spec.labels[instanceLabel] = instance
        spec.stdio = config.transport == "stdio"
        // A stdio server's stdout is the MCP stream: the engine keeps none of it; its stderr goes to the server log.
        spec.engineKeepsLog = !spec.stdio
        if !spec.stdio {
            spec.targetPort = config.targetPort
            spec.hostPort = hostPort
        }
        spec.mounts = try ContainerMounts.mounts(for: config)
        spec.networkIsolated = config.isolateNetwork == true
        spec.memoryBytes = try memory(settings)
        spec.pidsLimit = try pids(settings)
        spec.readOnlyRootFilesystem = settings["HIVEKEEP_CONTAINER_READ_ONLY_ROOT"] != "0"
        return spec
    }

    /// The memory limit in bytes, nil for none.
    static func memory(_ settings: [String: String]) throws -> Int64? {
        guard let text = settings["HIVEKEEP_CONTAINER_MEMORY"]?.lowercased(), !text.isEmpty else {
            return 1 << 30
        }
        let units: [Character: Int64] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
        var digits = Substring(text)
        var unit: Int64 = 1
        if let last = text.last, let scale = units[last] {
            unit = scale
            digits = digits.dropLast()
        }
        guard let value = Int64(digits), value >= 0, value <= Int64.max / unit else {
            throw HiveKeepError.invalid("HIVEKEEP_CONTAINER_MEMORY '\(text)' is not a size like 512m or 2g")
        }
        return value == 0 ? nil : value * unit
    }

    /// The process limit, nil for none.
    static func pids(_ settings: [String: String]) throws -> Int? {
        guard let text = settings["HIVEKEEP_CONTAINER_PIDS"], !text.isEmpty else { return 512 }
        guard let value = Int(text), value >= 0 else {
            throw HiveKeepError.invalid("HIVEKEEP_CONTAINER_PIDS '\(text)' is not a number of processes")
        }
        return value == 0 ? nil : value
    }

    /// The container's environment: the workload's variables and its secrets (the secrets win a name clash).
    public static func environment(_ config: RunConfig, secrets: SecretEnvironment) -> [String: String] {
        var values = config.envVars
        for name in secrets.names {
            guard let value = secrets.value(name) else { continue }
            values[name] = value.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        }
        return values
    }
}
