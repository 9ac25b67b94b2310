import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepTestSupport
import Sodium
import Testing

/// The encrypted provider with its audit log, killed with SIGKILL in the middle of writes.
@Suite("encrypted provider crashes", .serialized, .timeLimit(.minutes(3)))
struct ProviderCrashTests {
    @Test("after SIGKILLs at random points the vault holds every acknowledged write and the audit chain verifies")
    func crashKeepsWritesAndAuditChain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let vaultPath = directory.child("data/secrets.vault")
        let auditPath = directory.child("state/audit.jsonl")
        let password = "crash-test-password"
        let helper = try TestProducts.executable("hivekeep-test-helper")
        var acknowledged: [String] = []
        for round in 0..<5 {
            let writer = try ChildProcess(
                helper,
                ["vault-writer", "--provider", vaultPath, auditPath, "round\(round)", "0"],
                environment: directory.isolatedEnvironment(extra: ["HIVEKEEP_TEST_VAULT_PASSWORD": password]),
                logDirectory: directory.path,
                name: "writer-\(round)"
            )
            try await Task.sleep(for: .milliseconds(Int.random(in: 200...800)))
            writer.kill()
            // Only complete lines are acknowledgements; a partly written last line is not.
            let output = writer.output
            let lines = output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            acknowledged += output.hasSuffix("\n") ? lines : Array(lines.dropLast())
        }
        #expect(!acknowledged.isEmpty, "no write was acknowledged")

        let provider = try await EncryptedProvider(
            path: vaultPath,
            password: try SecureBytes(copying: Array(password.utf8)),
            limits: .minimumAllowed
        )
        let context = SecretsCallContext(caller: "test", audit: AuditLog(path: directory.child("check-audit.jsonl")))
        let keys = Set(try await provider.list(context: context))
        for key in acknowledged {
            #expect(keys.contains(key), "acknowledged \(key) is missing")
        }

        let audit = AuditLog(path: auditPath)
        let verification = try audit.verify()
        #expect(verification.isIntact, "\(verification.problem ?? "")")
        // Every acknowledged create was recorded before it was committed.
        let recorded = Set(
            try audit.records().filter { $0.operation == .create && $0.outcome == .ok }.compactMap(\.key))
        #expect(Set(acknowledged).isSubset(of: recorded))
    }
}
