import Foundation
import HiveKeepCore
import HiveKeepMigration
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Sodium
import Testing

/// `hivekeep migrate toolhive` against a ToolHive installation written by Python's `cryptography`.
@Suite("Migration from ToolHive")
struct ToolHiveMigrationTests {
    /// A fixture whose HiveKeep already has the encrypted provider and the secret `shared` (another value).
    static func prepared() async throws -> (MigrationFixture, ToolHiveMigrator.Services) {
        let fixture = try MigrationFixture()
        try fixture.writeToolHive(MigrationFixture.standardSpec)
        let services = fixture.services()
        _ = try await services.secrets.setup(type: .encrypted, password: nil)
        try await services.secrets.create(
            key: "shared", value: try SecureBytes(copying: Array("hivekeep-own-value".utf8)), caller: "test")
        return (fixture, services)
    }

    @Test("the plan names what is created, what exists and what cannot come, and writes nothing")
    func planWritesNothing() async throws {
        let (fixture, services) = try await Self.prepared()
        defer { fixture.directory.remove() }
        let prepared = try await fixture.migrator(services: services).prepare()
        let plan = prepared.plan
        func action(_ kind: MigrationPlan.Kind, _ name: String) -> MigrationPlan.Action? {
            plan.items(kind).first { $0.name == name }?.action
        }
        #expect(plan.passwordSource == .environment)
        #expect(action(.secret, "api-key") == .create)
        #expect(action(.secret, "shared") == .exists)
        #expect(action(.secret, "bad,name") == .refused)
        #expect(plan.items(.secret).first { $0.name == "bad,name" }?.reason?.contains("','") == true)
        #expect(action(.group, "team") == .create)
        #expect(action(.group, "default") == .exists)
        #expect(action(.workload, "time") == .create)
        #expect(action(.workload, "leaky") == .refused)
        let leaky = try #require(plan.items(.workload).first { $0.name == "leaky" }?.reason)
        #expect(leaky.contains("remote_auth_config.client_secret"))
        #expect(action(.client, "claude-code in group team") == .create)
        #expect(action(.client, "cursor in group default") == .create)
        #expect(action(.client, "vscode (no group)") == .create)
        let text = plan.lines.joined(separator: "\n")
        for value in ["value-of-api-key", "value-of-bad", "value-of-shared", "plain-SECRET-in-runconfig"] {
            #expect(!text.contains(value))
        }
        // Nothing was written: HiveKeep still has only its own secret, no workload, no new group.
        #expect(try await services.secrets.listKeys(caller: "test") == ["shared"])
        #expect(try await services.workloads.list(all: true, group: nil).isEmpty)
        #expect(try await services.groups.list().map(\.name) == ["default"])
    }

    @Test("applying creates secrets (audited), groups, stopped workloads and clients; a second run changes nothing")
    func applyThenIdempotent() async throws {
        let (fixture, services) = try await Self.prepared()
        defer { fixture.directory.remove() }
        let before = try fixture.toolHiveChecksums()
        let outcome = try await fixture.migrator(services: services).apply(
            try await fixture.migrator(services: services).prepare(), start: false)
        #expect(outcome.failed.isEmpty, "\(outcome.lines)")

        #expect(try await fixture.hiveKeepSecret("api-key", services: services) == "value-of-api-key")
        #expect(try await fixture.hiveKeepSecret("shared", services: services) == "hivekeep-own-value")
        #expect(try await services.secrets.listKeys(caller: "test") == ["api-key", "shared"])
        let audit = try AuditLog(path: fixture.paths.stateDirectory + "/audit.jsonl").records()
        #expect(audit.contains { $0.key == "api-key" && $0.caller == "migrate:toolhive" })

        let summary = try #require(try await services.workloads.list(all: true, group: nil).first)
        #expect(summary.name == "time" && summary.status == .stopped && summary.group == "team")
        let config = try await services.workloads.runConfig("time")
        #expect(config.secrets == ["api-key,target=API_KEY"])
        #expect(config.cmdArgs == ["--local-timezone", "UTC"])

        #expect(try await services.groups.get("team").registeredClients == ["claude-code"])
        #expect(try await services.groups.get("default").registeredClients == ["cursor"])
        let global = try await ConfigStore(path: fixture.paths.configFile).load().clients.registeredClients
        #expect(global == ["vscode"])

        let again = try await fixture.migrator(services: fixture.services()).prepare()
        #expect(!again.plan.hasChanges)
        #expect(again.plan.lines.last?.hasPrefix("Nothing to migrate") == true)
        #expect(try fixture.toolHiveChecksums() == before)
    }

    @Test("a wrong password is a clear error and nothing is written")
    func wrongPassword() async throws {
        let (fixture, services) = try await Self.prepared()
        defer { fixture.directory.remove() }
        let error = await #expect(throws: HiveKeepError.self) {
            _ = try await fixture.migrator(password: "not-the-password", services: services).prepare()
        }
        #expect(error?.message.contains("wrong password") == true)
        #expect(try await services.secrets.listKeys(caller: "test") == ["shared"])
        #expect(try await services.groups.list().map(\.name) == ["default"])
    }

    @Test("a truncated secrets file is refused, whether it loses its tag or is shorter than nonce and tag")
    func truncatedFile() async throws {
        for (length, expected) in [(20, "truncated"), (40, "cannot decrypt")] {
            let fixture = try MigrationFixture()
            defer { fixture.directory.remove() }
            var spec = MigrationFixture.standardSpec
            spec["truncate"] = length
            try fixture.writeToolHive(spec)
            let error = await #expect(throws: HiveKeepError.self) { _ = try await fixture.migrator().prepare() }
            #expect(error?.message.contains(expected) == true, "\(length): \(error?.message ?? "")")
        }
    }

    @Test("without TOOLHIVE_SECRETS_PASSWORD, keyring entry or terminal, the error names the sources")
    func noPassword() async throws {
        let fixture = try MigrationFixture()
        defer { fixture.directory.remove() }
        try fixture.writeToolHive(MigrationFixture.standardSpec)
        let error = await #expect(throws: HiveKeepError.self) {
            _ = try await fixture.migrator(password: nil).prepare()
        }
        #expect(error?.message.contains(ToolHivePassword.variable) == true)
    }

    @Test("an environment ToolHive setup migrates the provider choice only")
    func environmentProvider() async throws {
        let fixture = try MigrationFixture()
        defer { fixture.directory.remove() }
        try fixture.writeToolHive(["provider": "environment", "password": "", "secrets": NSNull()])
        let services = fixture.services()
        let migrator = try fixture.migrator(services: services)
        let prepared = try await migrator.prepare()
        #expect(prepared.plan.items.map(\.kind) == [.provider])
        #expect(prepared.plan.passwordSource == nil)
        let outcome = await migrator.apply(prepared, start: false)
        #expect(outcome.failed.isEmpty)
        #expect(try await services.secrets.describe().type == .environment)
        #expect(try await fixture.migrator(services: fixture.services()).prepare().plan.hasChanges == false)
    }
    @Test("a HiveKeep workload in error under the same name is reported, not replaced; a broken group file is named")
    func neverReplaces() async throws {
        let (fixture, services) = try await Self.prepared()
        defer { fixture.directory.remove() }
        var mine = RunConfig()
        mine.name = "time"
        mine.image = "uvx://my-own-time"
        try RunConfigStore(paths: fixture.paths).save(mine)
        _ = try StatusStore(paths: fixture.paths).update("time") { _ in StatusRecord(status: .error) }
        try "{not json".write(
            toFile: fixture.toolHiveRoot + "/.local/state/toolhive/groups/broken.json", atomically: false,
            encoding: .utf8)
        let migrator = try fixture.migrator(services: services)
        let prepared = try await migrator.prepare()
        #expect(prepared.plan.items(.workload).first { $0.name == "time" }?.action == .exists)
        #expect(prepared.plan.items(.group, .refused).contains { $0.name.hasSuffix("groups/broken.json") })
        let outcome = await migrator.apply(prepared, start: false)
        #expect(outcome.failed.isEmpty)
        #expect(try await services.workloads.runConfig("time").image == "uvx://my-own-time")
    }
}
