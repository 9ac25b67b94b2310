import Foundation
import HiveKeepTestSupport
import Testing

/// Drives `hivekeep keys …` as a user would, with the real binary.
@Suite("hivekeep keys", .serialized, .timeLimit(.minutes(3)))
struct KeysCommandTests {
    let directory: TemporaryDirectory
    let environment: [String: String]

    init() throws {
        directory = try TemporaryDirectory(prefix: "hivekeep-keys-cli")
        environment = directory.isolatedEnvironment(extra: ["HIVEKEEP_SECRETS_PASSWORD": "keys-cli-password"])
    }

    /// Runs `hivekeep ARGS` to completion and returns its status, stdout and stderr.
    func hivekeep(_ arguments: [String], input: String? = nil) async throws -> (
        status: Int32, output: String, error: String
    ) {
        let process = try ChildProcess(
            try TestProducts.executable("hivekeep"), arguments, environment: environment,
            logDirectory: directory.path, standardInput: input)
        let status = try await process.wait(timeout: .seconds(60))
        return (status, process.output, process.errorOutput)
    }

    @Test("generate, export (verified by OpenSSL's view of the key), list, trust and untrust; secret list stays empty")
    func keysLifecycle() async throws {
        defer { directory.remove() }
        #expect(try await hivekeep(["secret", "setup", "encrypted"]).status == 0)
        let none = try await hivekeep(["keys", "list"])
        #expect(none.status == 0, "\(none.error)")
        #expect(none.output.contains("active signing key: none yet"))
        let noExport = try await hivekeep(["keys", "export"])
        #expect(noExport.status != 0)
        #expect(noExport.error.contains("no signing key yet"))

        let generate = try await hivekeep(["keys", "generate"])
        #expect(generate.status == 0, "\(generate.error)")
        let keyID = try #require(generate.output.split(separator: "\n").first?.split(separator: " ").last)
        let again = try await hivekeep(["keys", "generate"])
        #expect(again.status != 0)
        #expect(again.error.contains("exists already (keyid \(keyID))"))

        let export = try await hivekeep(["keys", "export"])
        #expect(export.output.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        try Data(export.output.utf8).write(to: URL(fileURLWithPath: directory.child("self.pem")))
        let parsed = try OpenSSL.run(["pkey", "-pubin", "-in", "self.pem", "-text", "-noout"], in: directory)
        #expect(parsed.output.contains("ED25519 Public-Key"), "\(parsed.output)")

        #expect(try await hivekeep(["secret", "list"]).output == "")
        let list = try await hivekeep(["keys", "list", "--json"])
        #expect(list.output.contains(#""active_keyid":"\#(keyID)""#))
        #expect(list.output.contains(#""provider":"encrypted""#))
        #expect(list.output.contains(#"{"keyid":"\#(keyID)","name":"self","source":"self"}"#))

        let stranger = try OpenSSL.publicKeyPEM(algorithm: ["-algorithm", "ed25519"], in: directory, name: "alice.key")
        try Data(stranger.utf8).write(to: URL(fileURLWithPath: directory.child("alice.pem")))
        let trust = try await hivekeep(["keys", "trust", directory.child("alice.pem")])
        #expect(trust.status == 0, "\(trust.error)")
        #expect(trust.output.hasPrefix("trusted alice (keyid "))
        #expect(FileManager.default.fileExists(atPath: directory.child("config/hivekeep/trusted-keys/alice.pem")))
        #expect(try await hivekeep(["keys", "list"]).output.contains("alice\t"))
        #expect(try await hivekeep(["keys", "export", "alice"]).output == stranger)
        let own = try await hivekeep(["keys", "trust", "-", "--name", "me"], input: export.output)
        #expect(own.status != 0)
        #expect(own.error.contains("always trusted"))
        let untrustSelf = try await hivekeep(["keys", "untrust", String(keyID.prefix(12))])
        #expect(untrustSelf.status != 0)
        #expect(untrustSelf.error.contains("always trusted"))

        #expect(try await hivekeep(["keys", "untrust", "alice"]).output.hasPrefix("untrusted alice"))
        #expect(!(try await hivekeep(["keys", "list"]).output.contains("alice")))
        let rsa = try OpenSSL.publicKeyPEM(
            algorithm: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"], in: directory, name: "rsa.key")
        let refused = try await hivekeep(["keys", "trust", "-", "--name", "rsa"], input: rsa)
        #expect(refused.status != 0)
        #expect(refused.error.contains("not an Ed25519 public key"))
    }

    @Test("with the environment provider, generate fails with the clear 'cannot sign' error and list says why")
    func environmentProviderCannotSign() async throws {
        defer { directory.remove() }
        #expect(try await hivekeep(["secret", "setup", "environment"]).status == 0)
        let generate = try await hivekeep(["keys", "generate"])
        #expect(generate.status != 0)
        #expect(generate.error.contains("cannot sign: the environment secrets provider is read-only"))
        let list = try await hivekeep(["keys", "list"])
        #expect(list.status == 0)
        #expect(list.error.contains("warning: cannot sign"))
    }
}
