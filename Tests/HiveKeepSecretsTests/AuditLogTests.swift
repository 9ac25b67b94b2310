import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepTestSupport
import Testing

@Suite("Audit log")
struct AuditLogTests {
    static func event(_ operation: AuditOperation, _ key: String, outcome: AuditOutcome = .ok) -> AuditEvent {
        AuditEvent(operation: operation, key: key, provider: .encrypted, outcome: outcome, caller: "cli")
    }

    @Test("records are appended in order, chained, mode 0600, and carry no value")
    func recordsAreChained() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = AuditLog(path: directory.child("state/audit.jsonl"))
        try log.record(Self.event(.create, "github-token"))
        try log.record(Self.event(.get, "github-token"))
        try log.record(Self.event(.delete, "other", outcome: .notFound))
        let records = try log.records()
        #expect(records.map(\.sequence) == [1, 2, 3])
        #expect(records.map(\.operation) == [.create, .get, .delete])
        #expect(records[0].previousHash == AuditRecord.genesisHash)
        #expect(records[1].previousHash != AuditRecord.genesisHash)
        #expect(records[2].outcome == .notFound)
        #expect(records.allSatisfy { $0.uid == getuid() && $0.caller == "cli" })
        #expect(try FileSystem.mode(of: log.path) == 0o600)
        #expect(try log.verify() == AuditLog.Verification(recordCount: 3, problem: nil))
    }

    @Test("an edited, a removed and an inserted record are each detected")
    func tamperingIsDetected() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = AuditLog(path: directory.child("audit.jsonl"))
        for index in 0..<4 { try log.record(Self.event(.create, "key-\(index)")) }
        let original = try #require(try FileSystem.readFile(log.path))
        var lines = String(decoding: original, as: UTF8.self).split(separator: "\n").map(String.init)

        var edited = lines
        edited[1] = edited[1].replacingOccurrences(of: "key-1", with: "key-X")
        try AtomicFile.write(Array((edited.joined(separator: "\n") + "\n").utf8), to: log.path)
        #expect(try log.verify().problem?.contains("line 3") == true)

        var removed = lines
        removed.remove(at: 0)
        try AtomicFile.write(Array((removed.joined(separator: "\n") + "\n").utf8), to: log.path)
        #expect(try log.verify().isIntact == false)

        lines.insert(lines[2], at: 2)
        try AtomicFile.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: log.path)
        #expect(try log.verify().isIntact == false)
    }

    @Test("concurrent writers in several tasks keep one unbroken chain")
    func concurrentWritersKeepTheChain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = AuditLog(path: directory.child("audit.jsonl"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<30 {
                group.addTask { try await Blocking.run { try log.record(Self.event(.update, "k\(index)")) } }
            }
            try await group.waitForAll()
        }
        #expect(try log.verify() == AuditLog.Verification(recordCount: 30, problem: nil))
    }

    @Test("a log whose directory cannot be written makes recording fail")
    func unwritableLogFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // A regular file where the log's directory should be.
        try AtomicFile.write(Array("x".utf8), to: directory.child("state"))
        let log = AuditLog(path: directory.child("state/audit.jsonl"))
        #expect(throws: HiveKeepError.self) { try log.record(Self.event(.create, "k")) }
    }
}
