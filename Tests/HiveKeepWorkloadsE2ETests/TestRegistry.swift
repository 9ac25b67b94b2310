import Foundation
import HiveKeepTestSupport
import Testing

/// A real image registry that wants credentials (`scripts/test-registry.sh`: docker-registry with htpasswd, plain
/// HTTP on 127.0.0.1), its storage in a temporary directory of its own, apart from the harness's.
final class TestRegistry: Sendable {
    let directory: TemporaryDirectory
    /// `127.0.0.1:PORT`.
    let address: String
    let username: String
    let password: String

    static var script: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // HiveKeepWorkloadsE2ETests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent().appendingPathComponent("scripts/test-registry.sh").path
    }

    /// Whether docker-registry and htpasswd are installed; when not, prints why the tests that need them are skipped.
    static var isAvailable: Bool {
        let missing = ["docker-registry", "htpasswd"].filter { tool in
            !["/usr/bin", "/usr/sbin", "/usr/local/bin"].contains {
                FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
            }
        }
        guard missing.isEmpty else {
            print("registry tests skipped: \(missing.joined(separator: ", ")) not installed (scripts/setup.sh)")
            return false
        }
        return true
    }

    private init(directory: TemporaryDirectory, address: String, username: String, password: String) {
        self.directory = directory
        self.address = address
        self.username = username
        self.password = password
    }

    /// Starts a registry for `username` and `password`.
    static func start(username: String, password: String) async throws -> TestRegistry {
        let directory = try TemporaryDirectory(prefix: "hk-registry")
        let output = try await run(["start", directory.path], in: directory, username: username, password: password)
        return TestRegistry(
            directory: directory, address: output.trimmingCharacters(in: .whitespacesAndNewlines), username: username,
            password: password)
    }

    /// Runs `body` with a registry started for `username` and `password`, then always stops it.
    static func with(
        username: String, password: String, _ body: (TestRegistry) async throws -> Void
    ) async throws {
        let registry = try await start(username: username, password: password)
        do {
            try await body(registry)
        } catch {
            await registry.stop()
            throw error
        }
        await registry.stop()
    }

    /// A registry wanting `username` and `password` that holds `source` (an image of the test engine) as
    /// `ADDRESS/hivekeep-test/NAME:1`, a name the engine then lacks, so a workload of that image has to pull it.
    /// The containers of `workloads` are cleared first; `body` gets a harness with the engine and a vault password
    /// (``ContainerRegistryAuthTests/environment``), and the image leaves the engine afterwards.
    static func withPrivateImage(
        _ source: String, named name: String, username: String, password: String, clearing workloads: [String],
        _ body: (_ registry: TestRegistry, _ image: String, _ harness: WorkloadHarness) async throws -> Void
    ) async throws {
        try await with(username: username, password: password) { registry in
            let image = "\(registry.address)/hivekeep-test/\(name):1"
            try await registry.push(source, as: image)
            try ContainerProbe.call("DELETE", "/images/\(image)")
            try ContainerProbe.clear(workloads)
            try await withHarness(extraEnvironment: ContainerRegistryAuthTests.environment) { harness in
                try await body(registry, image, harness)
            }
            _ = try? ContainerProbe.call("DELETE", "/images/\(image)")
        }
    }

    /// Copies `image` from the tests' Podman storage into this registry as `target`.
    func push(_ image: String, as target: String) async throws {
        _ = try await Self.run(
            ["push", directory.path, image, target], in: directory, username: username, password: password)
    }

    /// Ends the registry and removes its storage.
    func stop() async {
        _ = try? await Self.run(["stop", directory.path], in: directory, username: username, password: password)
        directory.remove()
    }

    /// Runs the script (as a ``ChildProcess``: no descriptor of this process reaches the registry it leaves running)
    /// with the credentials in its environment, never on its command line; returns its output.
    private static func run(
        _ arguments: [String], in directory: TemporaryDirectory, username: String, password: String
    ) async throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["HK_REGISTRY_USER"] = username
        environment["HK_REGISTRY_PASSWORD"] = password
        let script = try ChildProcess(
            "/bin/bash", [Self.script] + arguments, environment: environment, logDirectory: directory.path,
            name: "script-\(arguments[0])")
        let status = try await script.wait(timeout: .seconds(300))
        guard status == 0 else {
            throw TestSupportError("test-registry.sh \(arguments[0]) failed (\(status)): \(script.errorOutput)")
        }
        return script.output
    }
}
