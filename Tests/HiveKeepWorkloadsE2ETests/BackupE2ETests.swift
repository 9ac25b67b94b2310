import Foundation
import HiveKeepTestSupport
import Testing

/// Backup on one installation, restore on a fresh HOME, then `serve` there: the same workloads, groups and secrets.
@Suite("backup and restore end to end", .serialized, .timeLimit(.minutes(10)))
struct BackupE2ETests {
    static let planted = "planted-BACKUP-secret-90210"
    static let vaultPassword = "backup-e2e-vault-password"

    @Test("restore on a fresh HOME, then serve runs the wanted workload with the same secret; the stopped stays so")
    func restoreThenServe() async throws {
        let bus = try #require(
            ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"], "needs the test command's keyring")
        let extra = ["DBUS_SESSION_BUS_ADDRESS": bus]
        try await withHarness(extraEnvironment: extra) { source in
            let archive = source.directory.child("installation.hkb")
            let passphrase = source.directory.child("passphrase")
            try Data("a long backup passphrase\n".utf8).write(to: URL(fileURLWithPath: passphrase))
            chmod(passphrase, 0o600)
            let script = try source.envServerScript()
            let port = try await Self.populate(source, script: script)
            let backup = try await source.cli(["backup", archive, "--passphrase-file", passphrase])
            #expect(backup.status == 0, "\(backup.error)")
            #expect(backup.output.contains("2 workloads"), "\(backup.output)")
            let bytes = try #require(FileManager.default.contents(atPath: archive))
            for value in [Self.planted, Self.vaultPassword] {
                #expect(bytes.range(of: Data(value.utf8)) == nil, "a secret in clear in the archive")
            }
            let exported = try source.api("GET", "/api/v1beta/workloads/keeper/export").body
            for name in ["keeper", "idle"] {
                #expect(try source.api("DELETE", "/api/v1beta/workloads/\(name)").status == 202)
            }
            try await source.waitUntilDeleted("keeper", "idle")

            try await withHarness(extraEnvironment: extra) { target in
                let restore = try await target.cli(["restore", archive, "--passphrase-file", passphrase])
                #expect(restore.status == 0, "\(restore.error)")
                #expect(restore.output.contains("started by `hivekeep serve` or `hivekeep up`: keeper"))
                #expect(!(restore.output + restore.error).contains(Self.planted))

                // The doctor finds a sound installation: private modes, the secrets provider answers, the audit
                // chain verifies, no temporary file left.
                let doctor = try await target.cli(["doctor", "--json"])
                let report = try JSONSerialization.jsonObject(with: Data(doctor.output.utf8)) as? [String: Any]
                let checks = report?["checks"] as? [[String: Any]] ?? []
                for name in ["file modes", "secrets", "audit", "temporary files"] {
                    let check = checks.first { $0["name"] as? String == name }
                    #expect(check?["outcome"] as? String == "ok", "doctor \(name): \(String(describing: check))")
                }

                try await target.startServer()
                try await target.waitFor("keeper", "running")
                #expect(try target.summary("keeper")?["group"] as? String == "team")
                #expect(try target.summary("idle")?["status"] as? String == "stopped")
                #expect(try target.api("GET", "/api/v1beta/workloads/keeper/export").body == exported)
                #expect(exported.contains("api-token,target=API_TOKEN"), "\(exported)")
                let keys = try target.api("GET", "/api/v1beta/secrets/default/keys").body
                #expect(keys.contains("\"api-token\""), "\(keys)")
                let reply = try await target.mcpClient(
                    "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "read_env", #"{"name":"API_TOKEN"}"#])
                #expect(reply["content"] as? [String] == [Self.planted])
                for name in ["keeper", "idle"] {
                    #expect(try target.api("DELETE", "/api/v1beta/workloads/\(name)").status == 202)
                }
                try await target.waitUntilDeleted("keeper", "idle")
            }
        }
    }

    /// The encrypted provider (its password kept in the keyring), a secret, a group, a running workload using the
    /// secret and a stopped one; returns the running one's port.
    private static func populate(_ harness: WorkloadHarness, script: String) async throws -> Int {
        try await harness.startServer()
        let setup = #"{"provider_type":"encrypted","password":"\#(vaultPassword)"}"#
        #expect(try harness.api("POST", "/api/v1beta/secrets", setup).status == 201)
        let secret = #"{"key":"api-token","value":"\#(planted)"}"#
        #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", secret).status == 201)
        #expect(try harness.api("POST", "/api/v1beta/groups", #"{"name":"team"}"#).status == 201)
        let created = try harness.json(
            "POST", "/api/v1beta/workloads",
            #"{"name":"keeper","image":"exec://\#(script)","group":"team","#
                + #""secrets":[{"name":"api-token","target":"API_TOKEN"}]}"#)
        _ = try harness.json("POST", "/api/v1beta/workloads", #"{"name":"idle","image":"exec://\#(script)"}"#)
        try await harness.waitFor("keeper", "running")
        try await harness.waitFor("idle", "running")
        #expect(try harness.api("POST", "/api/v1beta/workloads/idle/stop").status == 202)
        try await harness.waitFor("idle", "stopped", timeout: .seconds(60))
        return try #require(created["port"] as? Int)
    }
}
