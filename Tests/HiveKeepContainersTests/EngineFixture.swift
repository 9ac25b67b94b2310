import Foundation
import HiveKeepTestSupport
import NIOHTTP1
import Testing

@testable import HiveKeepContainers

/// The test engine and small helpers around it.
enum EngineFixture {
    static func connect() async throws -> DockerEngine {
        let path = try #require(TestContainerEngine.socketPath, "\(TestContainerEngine.unavailableReason)")
        return try await DockerEngine.connect(to: EngineEndpoint(socketPath: path, source: .configuration))
    }

    /// A spec with a name and workload of its own.
    static func spec(_ image: String = TestContainerEngine.busyboxImage, _ arguments: [String]? = nil) -> ContainerSpec
    {
        let unique = UUID().uuidString.prefix(8).lowercased()
        var spec = ContainerSpec(name: "hivekeep-test-\(unique)", workload: "test-\(unique)", image: image)
        spec.stdio = false
        spec.arguments = arguments
        return spec
    }

    /// Creates, starts and waits for a container; returns its exit code and output, and removes it.
    static func run(_ engine: DockerEngine, _ spec: ContainerSpec) async throws -> (code: Int, output: String) {
        let id = try await engine.create(spec)
        do {
            try await engine.start(id: id)
            let code = try await engine.wait(id: id)
            let output = try await engine.logs(id: id, tail: 100)
            try await engine.remove(id: id)
            return (code, output)
        } catch {
            try? await engine.remove(id: id)
            throw error
        }
    }

    /// The engine's raw inspect document.
    static func rawInspect(_ engine: DockerEngine, _ id: String) async throws -> [String: Any] {
        let reply = try await engine.http.call(.GET, "/containers/\(id)/json")
        return try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
    }
}

extension EngineFixture {
    /// Creates a container for `spec`, runs `body` with its id, and removes it afterwards, whatever happened.
    static func withContainer(
        _ engine: DockerEngine, _ spec: ContainerSpec, _ body: (String) async throws -> Void
    ) async throws {
        let id = try await engine.create(spec)
        do {
            try await body(id)
        } catch {
            try? await engine.remove(id: id)
            throw error
        }
        try await engine.remove(id: id)
    }
}
