import Foundation
import HiveKeepTestSupport
import Testing

/// `hivekeep registry-login` / `registry-logout` with the real binary: they edit
/// `container_runtime.registry_auth` in config.yaml and nothing else.
@Suite("hivekeep registry-login", .serialized, .timeLimit(.minutes(3)))
struct RegistryLoginCommandTests {
    let directory: TemporaryDirectory
    let environment: [String: String]

    init() throws {
        directory = try TemporaryDirectory()
        var extra = ["HIVEKEEP_SECRETS_PASSWORD": "cli-registry-test-pw"]
        // The keyring session of the test command, when there is one.
        extra["DBUS_SESSION_BUS_ADDRESS"] = ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"]
        environment = directory.isolatedEnvironment(extra: extra)
    }

    var configPath: String { directory.child("config/hivekeep/config.yaml") }

    func hivekeep(_ arguments: [String], input: String? = nil) async throws -> (
        status: Int32, output: String, error: String
    ) {
        let process = try ChildProcess(
            try TestProducts.executable("hivekeep"), arguments, environment: environment,
            logDirectory: directory.path, standardInput: input)
        let status = try await process.wait(timeout: .seconds(120))
        return (status, process.output, process.errorOutput)
    }

    func config() -> String {
        FileManager.default.contents(atPath: configPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    @Test("login adds or replaces one registry's entry beside the file's other settings; logout removes it")
    func loginAndLogout() async throws {
        defer { directory.remove() }
        #expect(try await hivekeep(["secret", "setup", "encrypted"]).status == 0)
        try FileManager.default.createDirectory(
            atPath: directory.child("config/hivekeep"), withIntermediateDirectories: true)
        try Data((config() + "container_runtime:\n  socket: /run/test/podman.sock\n").utf8)
            .write(to: URL(fileURLWithPath: configPath))

        let first = try await hivekeep(["registry-login", "GHCR.io", "--username", "me", "--password-secret", "ghcr"])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains("added the credentials for GHCR.io"))
        #expect(first.output.contains("no secret ghcr yet: store it with `hivekeep secret set ghcr`"))
        #expect(try await hivekeep(["secret", "set", "ghcr"], input: "token-value\n").status == 0)
        let second = try await hivekeep(["registry-login", "ghcr.io", "--username", "you", "--password-secret", "ghcr"])
        #expect(second.output.contains("replaced"))
        #expect(!second.output.contains("note:"))
        #expect(
            try await hivekeep(["registry-login", "localhost:5000", "--username", "u", "--password-secret", "l"]).status
                == 0)

        let text = config()
        #expect(text.contains("provider_type: encrypted"))
        #expect(text.contains("socket: /run/test/podman.sock"))
        #expect(text.contains("username: you") && !text.contains("username: me"))
        #expect(text.contains("registry: ghcr.io"))
        #expect(text.contains("localhost:5000"))
        #expect(!text.contains("token-value"))

        let doctor = try await hivekeep(["doctor"])
        #expect(doctor.output.contains("registry credentials: ghcr.io (secret ghcr), localhost:5000 (secret l)"))
        #expect(doctor.output.contains("not in the secrets store: l"))

        #expect(try await hivekeep(["registry-logout", "ghcr.io"]).status == 0)
        let again = try await hivekeep(["registry-logout", "ghcr.io"])
        #expect(again.status != 0)
        #expect(again.error.contains("no credentials for ghcr.io"))
        #expect(!config().contains("ghcr.io"))
        #expect(config().contains("localhost:5000"))
    }

    @Test("a malformed entry, or a malformed setting already in the file, is refused and changes nothing")
    func refusals() async throws {
        defer { directory.remove() }
        let scheme = try await hivekeep([
            "registry-login", "https://ghcr.io", "--username", "me", "--password-secret", "s",
        ])
        #expect(scheme.status != 0)
        #expect(scheme.error.contains("is not a registry host"), "\(scheme.error)")
        let colon = try await hivekeep(["registry-login", "ghcr.io", "--username", "a:b", "--password-secret", "s"])
        #expect(colon.error.contains("'username' must not contain ':'"), "\(colon.error)")
        #expect(!FileManager.default.fileExists(atPath: configPath))

        try FileManager.default.createDirectory(
            atPath: directory.child("config/hivekeep"), withIntermediateDirectories: true)
        let broken = "container_runtime:\n  registry_auth:\n    - {registry: ghcr.io, username: me, password: x}\n"
        try Data(broken.utf8).write(to: URL(fileURLWithPath: configPath))
        let refused = try await hivekeep(["registry-login", "quay.io", "--username", "me", "--password-secret", "s"])
        #expect(refused.status != 0)
        #expect(refused.error.contains("registry_auth[0]: unknown key 'password'"), "\(refused.error)")
        #expect(config() == broken)
        let doctor = try await hivekeep(["doctor"])
        #expect(doctor.output.contains("[fail] registry credentials"), "\(doctor.output)")
    }
}
