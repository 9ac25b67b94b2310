import Foundation
import HiveKeepTestSupport
import Testing

/// `hivekeep migrate toolhive`, `hivekeep export --format k8s --sign` and `hivekeep verify`, with the real binary,
/// a ToolHive installation written by Python `cryptography`, and ToolHive's password in the keyring (stored by
/// `secret-tool` as go-keyring stores it: service and username `toolhive`).
@Suite("hivekeep migrate, export k8s, verify", .serialized, .timeLimit(.minutes(3)))
struct MigrateCommandTests {
    static let toolHivePassword = "cli-toolhive-password"
    let directory: TemporaryDirectory
    let environment: [String: String]

    init() throws {
        directory = try TemporaryDirectory()
        var extra = ["HIVEKEEP_SECRETS_PASSWORD": "cli-test-password"]
        extra["DBUS_SESSION_BUS_ADDRESS"] = ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"]
        environment = directory.isolatedEnvironment(extra: extra)
    }

    func hivekeep(_ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
        let process = try ChildProcess(
            try TestProducts.executable("hivekeep"), arguments, environment: environment,
            logDirectory: directory.path, standardInput: nil)
        let status = try await process.wait(timeout: .seconds(60))
        return (status, process.output, process.errorOutput)
    }

    func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = environment
        env["PATH"] = "/usr/bin:/bin"
        process.environment = env
        let pipe = Pipe()
        process.standardInput = pipe
        try process.run()
        if let input { pipe.fileHandleForWriting.write(Data(input.utf8)) }
        try pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Writes the ToolHive installation under DIR/toolhive-home and its password into the keyring.
    func writeToolHive() throws -> String {
        let root = directory.child("toolhive-home")
        let script =
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path
            + "/HiveKeepMigrationTests/Fixtures/make_toolhive.py"
        let spec: [String: Any] = [
            "password": Self.toolHivePassword, "provider": "encrypted",
            "secrets": ["api-key": "cli-value-of-api-key"],
            "runconfigs": [
                "time": [
                    "schema_version": "v0.1.0", "name": "time", "image": "uvx://mcp-server-time",
                    "transport": "stdio", "port": 0, "secrets": ["api-key,target=API_KEY"],
                ]
            ],
            "groups": ["default": []],
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        #expect(try run(try PythonTools.executable("python"), [script, root, json]) == 0)
        let stored = try run(
            "/usr/bin/secret-tool", ["store", "--label=toolhive", "service", "toolhive", "username", "toolhive"],
            input: Self.toolHivePassword)
        #expect(stored == 0)
        return root
    }

    @Test("dry run, migrate with the keyring's password, a second run changes nothing; export k8s signed verifies")
    func migrateExportVerify() async throws {
        defer { directory.remove() }
        #expect(try await hivekeep(["secret", "setup", "encrypted"]).status == 0)
        let root = try writeToolHive()

        let dry = try await hivekeep(["migrate", "toolhive", "--from", root, "--dry-run"])
        #expect(dry.status == 0, "\(dry.error)")
        #expect(dry.output.contains("password from ToolHive's keyring entry"))
        #expect(dry.output.contains("create  api-key"))
        #expect(dry.output.contains("create  time"))
        #expect(dry.output.contains("Dry run: nothing was changed."))
        #expect(!dry.output.contains("cli-value-of-api-key"))
        #expect(try await hivekeep(["secret", "list"]).output == "")

        let applied = try await hivekeep(["migrate", "toolhive", "--from", root])
        #expect(applied.status == 0, "\(applied.output)\(applied.error)")
        #expect(applied.output.contains("created secret api-key"))
        #expect(applied.output.contains("created workload time"))
        #expect(try await hivekeep(["secret", "list"]).output == "api-key\n")

        let again = try await hivekeep(["migrate", "toolhive", "--from", root])
        #expect(again.status == 0)
        #expect(again.output.contains("Nothing to migrate"))

        let file = directory.child("time.k8s.json")
        let export = try await hivekeep([
            "export", "time", file, "--format", "k8s", "--image", "registry.example/time:1", "--sign",
        ])
        #expect(export.status == 0, "\(export.error)")
        #expect(export.error.contains("api-key/value"))
        let verified = try await hivekeep(["verify", file])
        #expect(verified.status == 0, "\(verified.error)")
        #expect(verified.error.contains("Verified: application/vnd.hivekeep.k8s-manifest+yaml"))
        #expect(verified.output.contains("kind: MCPServer"))
        #expect(verified.output.contains("image: registry.example/time:1"))

        let groupFile = directory.child("default.yaml")
        let group = try await hivekeep([
            "export", "default", groupFile, "--format", "k8s", "--group", "--image", "registry.example/time:1",
        ])
        #expect(group.status == 0, "\(group.error)")
        let groupYAML = try String(contentsOfFile: groupFile, encoding: .utf8)
        #expect(groupYAML.hasPrefix("---\napiVersion: toolhive.stacklok.dev/v1beta1\nkind: MCPGroup\n"))
        #expect(groupYAML.contains("groupRef:\n    name: default\n"))
        let execute = try await hivekeep(["export", "time", "-", "--format", "json", "--image", "x"])
        #expect(execute.status != 0 && execute.error.contains("need --format k8s"))

        // A changed payload no longer verifies.
        var envelope = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let payload = Data(base64Encoded: try #require(envelope["payload"] as? String)) ?? Data()
        let changed = String(decoding: payload, as: UTF8.self).replacingOccurrences(
            of: "registry.example/time:1", with: "evil.example/time:1")
        envelope["payload"] = Data(changed.utf8).base64EncodedString()
        try JSONSerialization.data(withJSONObject: envelope).write(to: URL(fileURLWithPath: file))
        let refused = try await hivekeep(["verify", file])
        #expect(refused.status != 0)
        #expect(refused.output.isEmpty)
    }
}
