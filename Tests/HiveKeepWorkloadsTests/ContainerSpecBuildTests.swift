import HiveKeepContainers
import HiveKeepCore
import HiveKeepRuntime
import Testing

@testable import HiveKeepWorkloads

/// The container a container workload's run configuration becomes.
@Suite("container workloads: the container spec")
struct ContainerSpecBuildTests {
    func config(transport: String = "stdio") -> RunConfig {
        var config = RunConfig()
        config.name = "w"
        config.image = "localhost/x/y:1"
        config.transport = transport
        config.targetPort = transport == "stdio" ? nil : 8080
        config.cmdArgs = ["--flag"]
        config.containerLabels = ["toolhive-name": "w"]
        config.isolateNetwork = true
        config.envVars = ["PLAIN": "1", "MCP_HOST": "127.0.0.1"]
        return config
    }

    @Test("name, image, arguments, labels, isolation and default limits; stdio has no published port")
    func defaults() throws {
        let spec = try ContainerWorkload.spec(
            config(), environment: ["A": "b"], hostPort: 4321, settings: [:], instance: "0123456789abcdef")
        #expect(spec.name == "hivekeep-w-01234567" && spec.workload == "w" && spec.image == "localhost/x/y:1")
        #expect(spec.arguments == ["--flag"])
        #expect(spec.labels == ["toolhive-name": "w", "dev.hivekeep.instance": "0123456789abcdef"])
        #expect(spec.stdio && spec.hostPort == nil && spec.targetPort == nil)
        #expect(!spec.engineKeepsLog, "a stdio server's stdout is the MCP stream: the engine must keep none of it")
        #expect(spec.networkIsolated)
        #expect(spec.memoryBytes == 1 << 30 && spec.pidsLimit == 512 && spec.readOnlyRootFilesystem)
        #expect(spec.environment == ["A": "b"])
    }

    @Test("an HTTP container publishes its target port and listens on all interfaces, not loopback")
    func http() throws {
        let config = config(transport: "streamable-http")
        let spec = try ContainerWorkload.spec(
            config, environment: config.envVars, hostPort: 4321, settings: [:], instance: "0123456789abcdef")
        #expect(!spec.stdio && spec.targetPort == 8080 && spec.hostPort == 4321 && spec.engineKeepsLog)
        #expect(spec.environment["MCP_HOST"] == "0.0.0.0" && spec.environment["PLAIN"] == "1")
    }

    @Test("limits from the environment; 0 means none; a malformed one is refused")
    func limits() throws {
        let settings = [
            "HIVEKEEP_CONTAINER_MEMORY": "256m", "HIVEKEEP_CONTAINER_PIDS": "0",
            "HIVEKEEP_CONTAINER_READ_ONLY_ROOT": "0",
        ]
        let spec = try ContainerWorkload.spec(
            config(), environment: [:], hostPort: nil, settings: settings, instance: "0123456789abcdef")
        #expect(spec.memoryBytes == 256 << 20 && spec.pidsLimit == nil && !spec.readOnlyRootFilesystem)
        #expect(try ContainerWorkload.memory(["HIVEKEEP_CONTAINER_MEMORY": "2g"]) == 2 << 30)
        #expect(try ContainerWorkload.memory(["HIVEKEEP_CONTAINER_MEMORY": "0"]) == nil)
        #expect(throws: HiveKeepError.self) { try ContainerWorkload.memory(["HIVEKEEP_CONTAINER_MEMORY": "lots"]) }
        #expect(throws: HiveKeepError.self) { try ContainerWorkload.pids(["HIVEKEEP_CONTAINER_PIDS": "-1"]) }
    }

    @Test("the environment is the variables and the secrets' values; a secret wins a clash")
    func environment() throws {
        let secrets = SecretEnvironment()
        try secrets.set("TOKEN", copying: Array("s3cret".utf8))
        try secrets.set("PLAIN", copying: Array("from-secret".utf8))
        let values = ContainerWorkload.environment(config(), secrets: secrets)
        #expect(values["TOKEN"] == "s3cret" && values["PLAIN"] == "from-secret" && values["MCP_HOST"] == "127.0.0.1")
    }
}
