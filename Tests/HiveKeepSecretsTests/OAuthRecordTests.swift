import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepTestSupport
import Logging
import Sodium
import Testing

/// A remote workload's OAuth records: kept by the configured provider, invisible to and untouchable through the
/// secrets API, readable by a runner that holds only the handed-over vault password, and deleted per workload.
@Suite("secrets: reserved OAuth records")
struct OAuthRecordTests {
    static let password = "oauth-record-test-password"

    struct Installation {
        let directory: TemporaryDirectory
        let paths: HiveKeepPaths
        let environment: EnvironmentValues

        init(extra: [String: String]) throws {
            directory = try TemporaryDirectory(prefix: "hivekeep-oauth-record")
            environment = EnvironmentValues(directory.isolatedEnvironment(extra: extra))
            paths = try HiveKeepPaths(environment: environment)
            try paths.createDirectories()
        }

        func secrets(vaultPassword: SecureBytes? = nil, environment: EnvironmentValues? = nil) -> SecretsService {
            var dependencies = SecretsService.Dependencies.standard(
                paths: paths, environment: environment ?? self.environment, logger: Logger(label: "test.oauth"))
            dependencies.kdfLimits = .minimumAllowed
            dependencies.vaultPassword = vaultPassword
            return SecretsService(dependencies)
        }
    }

    static func bytes(_ text: String) throws -> SecureBytes { try SecureBytes(copying: Array(text.utf8)) }
    static func text(_ value: SecureBytes?) -> String? {
        value?.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test("vault: a runner with only the handed-over password reads and writes them; the API never sees them")
    func vault() async throws {
        let install = try Installation(extra: ["HIVEKEEP_SECRETS_PASSWORD": Self.password])
        let server = install.secrets()
        _ = try await server.setup(type: .encrypted, password: nil)
        try await server.create(key: "plain", value: try Self.bytes("p"), caller: "cli")
        let handed = try #require(try await server.vaultPasswordForRunner())
        // The runner's environment has no password source: it opens the vault with the handed-over password only.
        let runnerEnvironment = EnvironmentValues(install.directory.isolatedEnvironment())
        let runner = install.secrets(vaultPassword: handed, environment: runnerEnvironment)
        let tokens = #"{"access_token":"at-secret-1"}"#
        try await runner.setOAuthRecord(try Self.bytes(tokens), workload: "w1", kind: .tokens, caller: "runner:w1")
        try await runner.setOAuthRecord(try Self.bytes("{}"), workload: "w1", kind: .client, caller: "runner:w1")
        try await runner.setOAuthRecord(try Self.bytes("{}"), workload: "w2", kind: .tokens, caller: "runner:w2")
        // A fresh server process reads what the runner wrote.
        let restarted = install.secrets()
        #expect(Self.text(try await restarted.oauthRecord(workload: "w1", kind: .tokens, caller: "cli")) == tokens)
        #expect(try await restarted.listKeys(caller: "api") == ["plain"])
        let reserved = OAuthRecord.vaultKey(workload: "w1", kind: .tokens)
        for attempt in [
            { try await restarted.get(key: reserved, caller: "api") },
            {
                try await restarted.update(key: reserved, value: try Self.bytes("x"), caller: "api"); return nil
            },
            {
                try await restarted.delete(key: reserved, caller: "api"); return nil
            },
        ] as [() async throws -> SecureBytes?] {
            await #expect(throws: HiveKeepError.self) { _ = try await attempt() }
        }
        try await restarted.deleteOAuthRecords(workload: "w1", caller: "workload:w1")
        #expect(try await restarted.oauthRecord(workload: "w1", kind: .tokens, caller: "cli") == nil)
        #expect(try await restarted.oauthRecord(workload: "w1", kind: .client, caller: "cli") == nil)
        #expect(try await restarted.oauthRecord(workload: "w2", kind: .tokens, caller: "cli") != nil)
        // The audit log names the records, never their values.
        let audit = try String(contentsOfFile: install.paths.stateDirectory + "/audit.jsonl", encoding: .utf8)
        #expect(audit.contains("hivekeep=oauth/w1/tokens"))
        #expect(!audit.contains("at-secret-1"))
    }

    @Test("no provider, or the environment provider, cannot keep tokens: a clear conflict saying which")
    func readOnly() async throws {
        let install = try Installation(extra: [:])
        let secrets = install.secrets()
        let store = {
            try await secrets.setOAuthRecord(try Self.bytes("{}"), workload: "w", kind: .tokens, caller: "w")
        }
        let none = await #expect(throws: HiveKeepError.self) { try await store() }
        #expect(none?.code == .conflict)
        #expect(none?.message.contains("no secrets provider is set up") == true, "\(String(describing: none))")
        _ = try await secrets.setup(type: .environment, password: nil)
        let environment = await #expect(throws: HiveKeepError.self) { try await store() }
        #expect(environment?.code == .conflict)
        #expect(
            environment?.message.contains("the environment provider is read-only") == true,
            "\(String(describing: environment))")
        #expect(try await secrets.vaultPasswordForRunner() == nil)
    }

    @Test("keyring: kept as reserved items the keyring provider never lists or clears")
    func keyring() async throws {
        let install = try Installation(extra: [:])
        let secrets = install.secrets()
        _ = try await secrets.setup(type: .keyring, password: nil)
        try await secrets.setOAuthRecord(try Self.bytes("tok-k"), workload: "k1", kind: .tokens, caller: "runner:k1")
        try await secrets.setOAuthRecord(try Self.bytes("tok-k2"), workload: "k1", kind: .tokens, caller: "runner:k1")
        #expect(Self.text(try await secrets.oauthRecord(workload: "k1", kind: .tokens, caller: "cli")) == "tok-k2")
        #expect(try await secrets.listKeys(caller: "api").isEmpty)
        let provider = try await secrets.provider()
        try await provider.cleanup(context: SecretsCallContext(caller: "cli", audit: NoAudit()))
        #expect(try await secrets.oauthRecord(workload: "k1", kind: .tokens, caller: "cli") != nil)
        try await secrets.deleteOAuthRecords(workload: "k1", caller: "workload:k1")
        #expect(try await secrets.oauthRecord(workload: "k1", kind: .tokens, caller: "cli") == nil)
    }
}

/// An audit recorder that keeps nothing (the cleanup call above is not what is checked).
private struct NoAudit: AuditRecorder {
    func record(_ event: AuditEvent) throws {}
}
