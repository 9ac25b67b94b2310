import Foundation
import HiveKeepCore
import HiveKeepKubernetes
import HiveKeepRegistry
import Testing

/// Run configurations as ToolHive operator resources, each manifest checked against the operator's CRD schemas.
@Suite("Kubernetes export")
struct KubernetesExportTests {
    static func stdioPackage() -> RunConfig {
        var config = RunConfig()
        config.name = "Time_Server"
        config.image = "uvx://mcp-server-time"
        config.transport = "stdio"
        config.proxyMode = "streamable-http"
        config.port = 23456
        config.cmdArgs = ["--local-timezone", "UTC"]
        config.envVars = ["REGION": "eu-west-1", "MCP_TRANSPORT": "stdio"]
        config.secrets = ["github-token,target=GITHUB_TOKEN", "db pass,target=DB_PASSWORD"]
        config.toolsFilter = ["get_current_time"]
        config.toolsOverride = ["convert_time": ToolOverrideSpec(name: "convert", description: nil)]
        return config
    }

    static func httpImage() -> RunConfig {
        var config = RunConfig()
        config.name = "search"
        config.image = "ghcr.io/example/search:1.2"
        config.transport = "streamable-http"
        config.port = 24000
        config.targetPort = 8000
        config.envVars = ["MCP_PORT": "8000", "LOG_LEVEL": "debug"]
        return config
    }

    static func check(_ manifest: KubernetesManifest) throws -> String {
        let yaml = try manifest.yaml()
        let validation = try ManifestValidation.validate(yaml)
        #expect(validation.valid, "\(validation.output)\n\(yaml)")
        if let parsed = try ManifestValidation.kubectlParse(yaml) {
            #expect(parsed.ok, "kubectl \(parsed.how): \(parsed.output)")
        } else {
            print("kubectl is not installed: the kubectl parse check is skipped (the CRD schema check ran)")
        }
        return yaml
    }

    @Test("a stdio package workload: image, transport, port, args, env, secrets as Secret keys, tools, limits")
    func stdioWorkload() throws {
        let options = KubernetesExportOptions(
            image: "registry.example/time:1", namespace: "mcp", cpuLimit: "500m", memoryLimit: "256Mi")
        let manifest = try KubernetesExport.workload(Self.stdioPackage(), registry: nil, options: options)
        let server = try #require(manifest.servers.first)
        #expect(server.apiVersion == "toolhive.stacklok.dev/v1beta1" && server.kind == "MCPServer")
        #expect(server.metadata.name == "time-server" && server.metadata.namespace == "mcp")
        #expect(server.spec.image == "registry.example/time:1")
        #expect(server.spec.transport == "stdio" && server.spec.proxyMode == "streamable-http")
        #expect(server.spec.proxyPort == 23456 && server.spec.mcpPort == nil)
        #expect(server.spec.args == ["--local-timezone", "UTC"])
        #expect(server.spec.env == [.init(name: "REGION", value: "eu-west-1")])
        #expect(
            server.spec.secrets == [
                .init(name: "github-token", key: "value", targetEnvName: "GITHUB_TOKEN"),
                .init(name: "db-pass", key: "value", targetEnvName: "DB_PASSWORD"),
            ])
        #expect(server.spec.resources?.limits == .init(cpu: "500m", memory: "256Mi"))
        let tools = try #require(manifest.toolConfigs.first)
        #expect(server.spec.toolConfigRef?.name == tools.metadata.name)
        #expect(tools.spec.toolsFilter == ["get_current_time"])
        #expect(tools.spec.toolsOverride?["convert_time"]?.name == "convert")
        #expect(manifest.requiredSecretKeys == ["db-pass/value", "github-token/value"])
        let yaml = try Self.check(manifest)
        #expect(yaml.components(separatedBy: "---\n").filter { !$0.isEmpty }.count == 2)
    }

    @Test("a streamable-http container workload keeps its image and its container port")
    func httpWorkload() throws {
        let manifest = try KubernetesExport.workload(Self.httpImage(), registry: nil, options: .init())
        let server = try #require(manifest.servers.first)
        #expect(server.spec.image == "ghcr.io/example/search:1.2")
        #expect(server.spec.mcpPort == 8000 && server.spec.proxyMode == nil)
        #expect(server.spec.env == [.init(name: "LOG_LEVEL", value: "debug")])
        _ = try Self.check(manifest)
    }

    @Test("a group exports as its MCPGroup and its workloads, which reference it")
    func group() throws {
        let options = KubernetesExportOptions(image: "registry.example/time:1")
        var second = Self.stdioPackage()
        second.name = "time-two"
        second.toolsFilter = []
        second.toolsOverride = [:]
        let manifest = try KubernetesExport.group(
            "team a", configs: [second, Self.stdioPackage()], registry: nil, options: options)
        #expect(manifest.groups.map(\.metadata.name) == ["team-a"])
        #expect(manifest.groups.first?.kind == "MCPGroup")
        #expect(manifest.servers.map(\.metadata.name) == ["time-server", "time-two"])
        #expect(manifest.servers.allSatisfy { $0.spec.groupRef?.name == "team-a" })
        _ = try Self.check(manifest)
    }

    @Test("a package takes the registry's container image; without one and without --image it fails saying why")
    func packageImage() throws {
        var server = ImageServer(
            base: ServerBase(description: "time", transport: "stdio", tools: []), image: "uvx://mcp-server-time")
        let document = RegistryDocument(lastUpdated: "2026-12-04T00:00:00Z", servers: ["time": server])
        let error = #expect(throws: HiveKeepError.self) {
            _ = try KubernetesExport.workload(Self.stdioPackage(), registry: document, options: .init())
        }
        #expect(error?.code == .invalidArgument && error?.message.contains("--image") == true)
        server.extra["container_image"] = .string("ghcr.io/stacklok/time:2")
        let withImage = RegistryDocument(lastUpdated: "2026-12-04T00:00:00Z", servers: ["time": server])
        let manifest = try KubernetesExport.workload(Self.stdioPackage(), registry: withImage, options: .init())
        #expect(manifest.servers.first?.spec.image == "ghcr.io/stacklok/time:2")
        _ = try Self.check(manifest)
    }

    @Test("exec:// and remote workloads cannot go to a cluster: a 400 that says why")
    func refused() throws {
        var exec = Self.httpImage()
        exec.image = "exec:///usr/bin/server"
        let execError = #expect(throws: HiveKeepError.self) {
            _ = try KubernetesExport.workload(exec, registry: nil, options: .init(image: "x"))
        }
        #expect(execError?.code == .invalidArgument && execError?.message.contains("exec://") == true)
        var remote = Self.httpImage()
        remote.remoteURL = "https://mcp.example.com/mcp"
        let remoteError = #expect(throws: HiveKeepError.self) {
            _ = try KubernetesExport.workload(remote, registry: nil, options: .init())
        }
        #expect(remoteError?.code == .invalidArgument && remoteError?.message.contains("remote") == true)
    }

    @Test("the schema check is not a formality: a field the CRD does not declare is refused")
    func validatorRefusesUnknownFields() throws {
        let manifest = try KubernetesExport.workload(Self.httpImage(), registry: nil, options: .init())
        let yaml = try manifest.yaml().replacingOccurrences(of: "  transport:", with: "  transprot:")
        #expect(try ManifestValidation.validate(yaml).valid == false)
    }
}
