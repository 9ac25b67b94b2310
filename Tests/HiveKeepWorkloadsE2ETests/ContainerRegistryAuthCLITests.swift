import Foundation
import HiveKeepTestSupport
import Testing

/// The same pull driven from the command line alone, with no API server: `secret set`, `registry-login`, then
/// `hivekeep run IMAGE`, which goes through the same service and runner.
@Suite(
    "container images from a registry with credentials, from the CLI", .serialized, .timeLimit(.minutes(15)),
    .enabled(if: TestContainerEngine.isAvailable && TestRegistry.isAvailable, "no engine or no registry (printed)"))
struct ContainerRegistryAuthCLITests {
    static let password = "planted-CLI-REGISTRY-pw-\(UInt32.random(in: 0...UInt32.max))"

    /// Runs `hivekeep ARGS` with the harness's environment; returns its status and both outputs.
    static func hivekeep(_ harness: WorkloadHarness, _ arguments: [String], input: String? = nil) async throws
        -> (status: Int32, output: String)
    {
        let process = try ChildProcess(
            try TestProducts.executable("hivekeep"), arguments, environment: harness.environment,
            logDirectory: harness.directory.path, standardInput: input)
        let status = try await process.wait(timeout: .seconds(300))
        return (status, process.output + process.errorOutput)
    }

    @Test("registry-login and `hivekeep run IMAGE` pull a private image with no server running")
    func runPullsWithCredentials() async throws {
        try await TestRegistry.withPrivateImage(
            TestContainerEngine.timeImage, named: "time", username: "hk-cli", password: Self.password,
            clearing: ["ccli"]
        ) { registry, image, harness in
            #expect(try await Self.hivekeep(harness, ["secret", "setup", "encrypted"]).status == 0)
            let set = try await Self.hivekeep(harness, ["secret", "set", "cli-token"], input: Self.password + "\n")
            #expect(set.status == 0, "\(set.output)")
            let login = try await Self.hivekeep(
                harness,
                ["registry-login", registry.address, "--username", "hk-cli", "--password-secret", "cli-token"])
            #expect(login.status == 0, "\(login.output)")

            let run = try await Self.hivekeep(harness, ["run", image, "--name", "ccli"])
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("workload ccli is running"), "\(run.output)")
            #expect(!run.output.contains(Self.password))
            #expect(try ContainerRegistryAuthTests.engineHas(image))
            let id = try #require(try ContainerProbe.containers(of: "ccli").first)
            #expect(!(try ContainerProbe.environment(of: id)).contains { $0.contains(Self.password) })

            #expect(try await Self.hivekeep(harness, ["rm", "ccli"]).status == 0)
            #expect(try await ContainerProbe.waitForNoContainer(of: "ccli") == [])
            let files =
                FileManager.default.enumerator(atPath: harness.directory.path)?.compactMap { $0 as? String } ?? []
            // `.in` files are the test's own standard input for `secret set`.
            for file in files where !file.hasSuffix(".in") {
                let data = FileManager.default.contents(atPath: harness.directory.child(file)) ?? Data()
                #expect(data.range(of: Data(Self.password.utf8)) == nil, "file \(file)")
            }
        }
    }
}
