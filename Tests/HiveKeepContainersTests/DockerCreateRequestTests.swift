import Foundation
import Testing

@testable import HiveKeepContainers

@Suite struct DockerCreateRequestTests {
    func json(_ spec: ContainerSpec) throws -> [String: Any] {
        let data = try JSONEncoder().encode(try DockerCreateRequest(spec: spec))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func everyContainerIsHardenedAndLabelledOurs() throws {
        var spec = ContainerSpec(name: "hivekeep-time", workload: "time", image: "localhost/time:1")
        spec.labels = [ContainerLabels.managed: "false", "extra": "1"]
        let body = try json(spec)
        let host = try #require(body["HostConfig"] as? [String: Any])
        #expect(host["Privileged"] as? Bool == false)
        #expect(host["CapDrop"] as? [String] == ["ALL"])
        #expect(host["SecurityOpt"] as? [String] == ["no-new-privileges"])
        #expect(host["ReadonlyRootfs"] as? Bool == true)
        #expect((host["Tmpfs"] as? [String: String])?["/tmp"] != nil)
        #expect(host["Memory"] as? Int == Int(DockerEngine.defaultMemoryBytes))
        #expect(host["PidsLimit"] as? Int == DockerEngine.defaultPidsLimit)
        #expect(host["NetworkMode"] == nil)
        #expect(host["LogConfig"] == nil)
        let labels = try #require(body["Labels"] as? [String: String])
        #expect(labels == [ContainerLabels.managed: "true", ContainerLabels.workload: "time", "extra": "1"])
        #expect(body["OpenStdin"] as? Bool == true && body["StdinOnce"] as? Bool == true)
        #expect(body["AttachStdin"] as? Bool == true && body["AttachStdout"] as? Bool == true)
        #expect(body["Tty"] as? Bool == false)
        #expect(body["Cmd"] == nil)
        spec.networkIsolated = true
        #expect((try json(spec)["HostConfig"] as? [String: Any])?["NetworkMode"] as? String == "none")
        spec.engineKeepsLog = false
        let logConfig = (try json(spec)["HostConfig"] as? [String: Any])?["LogConfig"] as? [String: String]
        #expect(logConfig == ["Type": "none"])
    }

    @Test func portsMountsLimitsAndNetworkAsTheSpecSays() throws {
        var spec = ContainerSpec(name: "hivekeep-web", workload: "web", image: "localhost/web:1")
        spec.stdio = false
        spec.targetPort = 8080
        spec.hostPort = 41000
        spec.mounts = [
            .init(source: "/srv/data", target: "/data", readOnly: true),
            .init(source: "/srv/out", target: "/out", readOnly: false),
        ]
        spec.memoryBytes = 64 << 20
        spec.pidsLimit = 32
        spec.readOnlyRootFilesystem = false
        spec.arguments = ["--port", "8080"]
        spec.environment = ["B": "2", "A": "1"]
        let body = try json(spec)
        let host = try #require(body["HostConfig"] as? [String: Any])
        let bindings = try #require(host["PortBindings"] as? [String: [[String: String]]])
        #expect(bindings == ["8080/tcp": [["HostIp": "127.0.0.1", "HostPort": "41000"]]])
        #expect((body["ExposedPorts"] as? [String: Any])?.keys.sorted() == ["8080/tcp"])
        #expect(host["Binds"] as? [String] == ["/srv/data:/data:ro", "/srv/out:/out"])
        #expect(host["Memory"] as? Int == 64 << 20 && host["PidsLimit"] as? Int == 32)
        #expect(host["ReadonlyRootfs"] as? Bool == false && (host["Tmpfs"] as? [String: String]) == [:])
        #expect(host["NetworkMode"] == nil)
        #expect(body["Cmd"] as? [String] == ["--port", "8080"])
        #expect(body["Env"] as? [String] == ["A=1", "B=2"])
        #expect(body["OpenStdin"] as? Bool == false)
    }

    @Test(arguments: ["relative/path", "/a:b", "/a,b", "/a/../etc"])
    func aMountPathTheEngineWouldMisreadIsRefused(path: String) {
        var spec = ContainerSpec(name: "n", workload: "w", image: "i")
        spec.mounts = [.init(source: path, target: "/data", readOnly: true)]
        #expect(throws: ContainerSpecError.invalidMount(path)) { try DockerCreateRequest(spec: spec) }
    }

    @Test func badPortsIsolatedPublishedPortsAndVariableNamesAreRefused() {
        var spec = ContainerSpec(name: "n", workload: "w", image: "i")
        spec.targetPort = 70000
        #expect(throws: ContainerSpecError.invalidPort(70000)) { try DockerCreateRequest(spec: spec) }
        spec.targetPort = 8080
        spec.hostPort = 41000
        spec.networkIsolated = true
        #expect(throws: ContainerSpecError.isolatedWithPublishedPort) {
            try DockerCreateRequest(spec: spec)
        }
        spec.networkIsolated = false
        spec.targetPort = nil
        spec.hostPort = nil
        spec.environment = ["A=B": "x"]
        #expect(throws: ContainerSpecError.invalidEnvironmentName("A=B")) {
            try DockerCreateRequest(spec: spec)
        }
    }

    @Test func pullNamesOneTagAndHidesCredentials() throws {
        #expect(DockerEngine.pullQuery("ghcr.io/org/img").map(\.1) == ["ghcr.io/org/img", "latest"])
        #expect(DockerEngine.pullQuery("localhost:5000/img").map(\.1) == ["localhost:5000/img", "latest"])
        #expect(DockerEngine.pullQuery("localhost:5000/img:2").map(\.1) == ["localhost:5000/img:2"])
        #expect(DockerEngine.pullQuery("img@sha256:abc").map(\.1) == ["img@sha256:abc"])
        let auth = try DockerEngine.registryAuth(.init(username: "u", password: "p+/w", serverAddress: "r"))
        #expect(!auth.contains("+") && !auth.contains("/") && !auth.contains("p+/w"))
        #expect(DockerEngine.negotiate(engine: "1.41", minimum: "1.24") == "1.41")
        #expect(DockerEngine.negotiate(engine: "1.47", minimum: "1.44") == "1.44")
        #expect(DockerEngine.negotiate(engine: "1.40", minimum: "1.12") == "1.40")
    }
}
