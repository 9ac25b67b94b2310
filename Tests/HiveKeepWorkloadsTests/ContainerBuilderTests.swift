import Foundation
import HiveKeepContainers
import HiveKeepCore
import Testing

@testable import HiveKeepWorkloads

/// What the builder accepts and refuses for a workload whose image is a container image.
@Suite("workload builder: container images")
struct ContainerBuilderTests {
    func build(_ edit: (inout WorkloadRequest) -> Void) throws -> RunConfig {
        var request = WorkloadRequest(name: "c", image: "localhost/hivekeep-test/time:1")
        edit(&request)
        return try WorkloadBuilder(request: request, name: "c", entry: nil, currentPort: nil, reservedPorts: [])
            .build().config
    }

    func refusal(_ edit: (inout WorkloadRequest) -> Void) -> String? {
        do {
            _ = try build(edit)
            return nil
        } catch let error as HiveKeepError {
            #expect(error.code == .invalidArgument, "\(error)")
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("an OCI reference builds a container workload; a malformed one is a 400")
    func reference() throws {
        let config = try build { _ in }
        #expect(config.image == "localhost/hivekeep-test/time:1")
        #expect(WorkloadBuilder.isContainer(config))
        #expect(refusal { $0.image = "localhost/Bad Name" }?.contains("invalid image reference") == true)
        #expect(!WorkloadBuilder.isContainer(try build { $0.image = "exec:///bin/sh" }))
    }

    @Test("volumes and profile paths become bind mounts; another container path is allowed; :ro is read-only")
    func mounts() throws {
        let host = FileManager.default.temporaryDirectory.path
        let config = try build {
            $0.volumes = ["\(host):/data:ro", "/tmp"]
            $0.permissionProfile = PermissionProfile(read: ["/etc"], write: ["/var/tmp"])
        }
        let mounts = try ContainerMounts.mounts(for: config)
        #expect(mounts.contains(ContainerSpec.Mount(source: host, target: "/data", readOnly: true)))
        #expect(mounts.contains(ContainerSpec.Mount(source: "/tmp", target: "/tmp", readOnly: false)))
        #expect(mounts.contains(ContainerSpec.Mount(source: "/etc", target: "/etc", readOnly: true)))
        #expect(mounts.contains(ContainerSpec.Mount(source: "/var/tmp", target: "/var/tmp", readOnly: false)))
    }

    @Test(
        "a volume that is not a bindable absolute host path is a 400 naming it",
        arguments: ["relative:/x", "/no/such/host/dir:/x", "/tmp/../etc:/x", "/tmp:data", "/"])
    func badVolume(volume: String) {
        let message = refusal { $0.volumes = [volume] }
        #expect(message?.contains("volume") == true, "\(message ?? "built")")
    }

    @Test("outbound host rules and a privileged profile are refused")
    func refusedProfiles() {
        let hosts = PermissionProfile(
            network: NetworkPermissions(outbound: .init(allowHost: ["example.com"])))
        #expect(refusal { $0.permissionProfile = hosts }?.contains("no egress proxy") == true)
        #expect(refusal { $0.permissionProfile = PermissionProfile(privileged: true) }?.contains("privileged") == true)
    }

    @Test("network isolation is kept for stdio and refused for an HTTP container")
    func isolation() throws {
        #expect(try build { $0.networkIsolation = true }.isolateNetwork == true)
        let message = refusal {
            $0.networkIsolation = true
            $0.transport = "streamable-http"
        }
        #expect(message?.contains("network_isolation") == true)
    }

    @Test("an HTTP container keeps its target port and listens on all its interfaces")
    func targetPort() throws {
        let config = try build {
            $0.transport = "streamable-http"
            $0.targetPort = 8123
        }
        #expect(config.targetPort == 8123)
        #expect(config.envVars["MCP_PORT"] == "8123")
        #expect(config.envVars["MCP_HOST"] == "0.0.0.0")
        #expect(try build { $0.transport = "sse" }.targetPort == 8080)
    }
}
