import Foundation
import HiveKeepTestSupport
import Testing

/// Drives `hivekeep secret …` as a user would, with the real binary.
@Suite("hivekeep secret", .serialized, .timeLimit(.minutes(3)))
struct SecretCommandTests {
    let directory: TemporaryDirectory
    let environment: [String: String]

    init() throws {
        directory = try TemporaryDirectory()
        var extra = ["HIVEKEEP_SECRETS_PASSWORD": "cli-test-password"]
        // The keyring session of the test command, when there is one.
        extra["DBUS_SESSION_BUS_ADDRESS"] = ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"]
        environment = directory.isolatedEnvironment(extra: extra)
    }

    /// Runs `hivekeep ARGS` to completion and returns its status, stdout and stderr.
    func hivekeep(
        _ arguments: [String],
        input: String? = nil,
        environment: [String: String]? = nil
    ) async throws -> (status: Int32, output: String, error: String) {
        let process = try ChildProcess(
            try TestProducts.executable("hivekeep"),
            arguments,
            environment: environment ?? self.environment,
            logDirectory: directory.path,
            standardInput: input
        )
        let status = try await process.wait(timeout: .seconds(60))
        return (status, process.output, process.errorOutput)
    }

    @Test("setup, set from stdin, list, get --reveal, delete, and the audit chain verifies")
    func secretLifecycle() async throws {
        defer { directory.remove() }
        let planted = "cli-planted-\(UUID().uuidString)"
        #expect(try await hivekeep(["secret", "setup", "encrypted"]).status == 0)
        let set = try await hivekeep(["secret", "set", "api-token"], input: planted + "\n")
        #expect(set.status == 0, "\(set.error)")
        #expect(set.output.contains("created api-token"))
        #expect(
            try await hivekeep(["secret", "set", "api-token"], input: planted + "-v2\n").output.contains("updated"))
        #expect(try await hivekeep(["secret", "list"]).output == "api-token\n")

        let refused = try await hivekeep(["secret", "get", "api-token"])
        #expect(refused.status != 0)
        #expect(refused.error.contains("--reveal"))
        #expect(!refused.output.contains(planted))
        #expect(try await hivekeep(["secret", "get", "api-token", "--reveal"]).output == planted + "-v2\n")

        let provider = try await hivekeep(["secret", "provider", "--json"])
        #expect(provider.output.contains(#""provider_type":"encrypted""#))
        #expect(provider.output.contains(#""can_list":true"#))

        #expect(try await hivekeep(["secret", "delete", "api-token"]).status == 0)
        let missing = try await hivekeep(["secret", "delete", "api-token"])
        #expect(missing.status != 0)
        #expect(missing.error.contains("not"))

        let audit = try await hivekeep(["secret", "audit", "--verify"])
        #expect(audit.status == 0)
        #expect(audit.output.contains("audit log intact"))
        // Setting up the vault created the audit key (the last unkeyed record); every later record is keyed.
        #expect(audit.output.contains("keyed from record 2"), "\(audit.output)")
        let records = try await hivekeep(["secret", "audit"]).output
        #expect(records.contains("create api-token encrypted ok"))
        #expect(records.contains("get api-token encrypted ok"))
        #expect(!records.contains(planted))
    }

    @Test("a tampered audit log fails --verify with exit 1 and names the line")
    func tamperedAuditFailsVerify() async throws {
        defer { directory.remove() }
        #expect(try await hivekeep(["secret", "setup", "encrypted"]).status == 0)
        for name in ["a", "b", "c"] {
            #expect(try await hivekeep(["secret", "set", name], input: "value-\(name)").status == 0)
        }
        let path = directory.child("state/hivekeep/audit.jsonl")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: #""key":"b""#, with: #""key":"x""#).write(
            toFile: path, atomically: false, encoding: .utf8)
        let verify = try await hivekeep(["secret", "audit", "--verify"])
        #expect(verify.status == 1)
        #expect(verify.output.contains("line"))
        #expect(verify.output.contains("wrong MAC"), "\(verify.output)")
    }

    @Test("unknown and unsupported provider types are refused with the list of HiveKeep's types")
    func badProviderTypes() async throws {
        defer { directory.remove() }
        let unknown = try await hivekeep(["secret", "setup", "vaultwarden"])
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("encrypted, keyring, environment"))
        let onePassword = try await hivekeep(["secret", "setup", "1password"])
        #expect(onePassword.error.contains("does not support the 1password provider"))
        #expect(try await hivekeep(["secret", "list"]).error.contains("not set up"))
    }

    @Test("rotation with a password from a variable re-encrypts and tells the operator to change the variable")
    func rotationWithExplicitSource() async throws {
        defer { directory.remove() }
        #expect(try await hivekeep(["secret", "setup", "encrypted"]).status == 0)
        #expect(try await hivekeep(["secret", "set", "k"], input: "v").status == 0)
        let rotate = try await hivekeep(["secret", "rotate-password", "--password-stdin"], input: "rotated-password\n")
        #expect(rotate.status == 0, "\(rotate.error)")
        #expect(rotate.output.contains("HIVEKEEP_SECRETS_PASSWORD"))
        #expect(try await hivekeep(["secret", "list"]).status != 0)
        var rotated = environment
        rotated["HIVEKEEP_SECRETS_PASSWORD"] = "rotated-password"
        let list = try await hivekeep(["secret", "list"], environment: rotated)
        #expect(list.status == 0)
        #expect(list.output == "k\n")
    }

    @Test("a wrong vault password names its source and changes nothing")
    func wrongPasswordNamesSource() async throws {
        defer { directory.remove() }
        #expect(try await hivekeep(["secret", "setup", "encrypted"]).status == 0)
        #expect(try await hivekeep(["secret", "set", "k"], input: "v").status == 0)
        let vault = directory.child("data/hivekeep/secrets.vault")
        let before = try Data(contentsOf: URL(fileURLWithPath: vault))
        var wrong = environment
        wrong["HIVEKEEP_SECRETS_PASSWORD"] = "not-the-password"
        let result = try await hivekeep(["secret", "list"], environment: wrong)
        #expect(result.status != 0)
        #expect(result.error.contains("HIVEKEEP_SECRETS_PASSWORD"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: vault)) == before)
    }
}
