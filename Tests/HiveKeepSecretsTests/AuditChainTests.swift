import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepTestSupport
import Sodium
import Testing

@Suite("Audit log: keyed chain and rotation")
struct AuditChainTests {
    static func event(_ key: String) -> AuditEvent {
        AuditEvent(operation: .create, key: key, provider: .encrypted, outcome: .ok, caller: "cli")
    }

    static func lines(_ path: String) throws -> [String] {
        String(decoding: try #require(try FileSystem.readFile(path)), as: UTF8.self).split(separator: "\n")
            .map(String.init)
    }

    static func write(_ lines: [String], to path: String) throws {
        try AtomicFile.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: path)
    }

    /// What someone without the key can do: relink every line with the plain hash, dropping the MACs.
    static func rechainedWithoutKey(_ lines: [String]) throws -> [String] {
        var previous: String?
        return try lines.map { line in
            var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            object["mac"] = nil
            object["prev"] =
                try previous.map { text in
                    try BLAKE2b.hash(Array(text.utf8), outputLength: 32).map { String(format: "%02x", $0) }.joined()
                } ?? AuditRecord.genesisHash
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            let text = String(decoding: data, as: UTF8.self)
            previous = text
            return text
        }
    }

    @Test("keyed records carry a MAC; an edit is named at its record, and re-chaining without the key fails")
    func keyedChain() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let key = try SecureBytes.random(count: 32)
        let log = AuditLog(path: directory.child("audit.jsonl"), key: AuditKey(key))
        for name in ["a", "b", "c"] { try log.record(Self.event(name)) }
        #expect(try log.records().allSatisfy { $0.mac?.count == 64 })
        #expect(try log.verify() == AuditLog.Verification(recordCount: 3, problem: nil, keyedFrom: 1))
        let original = try Self.lines(log.path)

        var edited = original
        edited[1] = edited[1].replacingOccurrences(of: #""key":"b""#, with: #""key":"x""#)
        try Self.write(edited, to: log.path)
        let problem = try #require(try log.verify().problem)
        #expect(problem.hasPrefix("record 2 (") && problem.contains("wrong MAC"), "\(problem)")

        var last = original
        last[2] = last[2].replacingOccurrences(of: #""key":"c""#, with: #""key":"x""#)
        try Self.write(last, to: log.path)
        #expect(try log.verify().problem?.hasPrefix("record 3 (") == true)

        // Edit, then relink the whole log the unkeyed way: the key's existence gives it away.
        try Self.write(try Self.rechainedWithoutKey(edited), to: log.path)
        #expect(try AuditLog(path: log.path).verify().isIntact)
        #expect(try log.verify().problem?.contains("no record is keyed") == true)
        // Keep the first keyed record and forge an unkeyed tail after it: named at the first forged record.
        let forged = try Self.rechainedWithoutKey(Array(edited))
        try Self.write([original[0], forged[1], forged[2]], to: log.path)
        #expect(try log.verify().problem?.hasPrefix("record 2 (") == true)
    }

    @Test("an unkeyed log verifies as its old part and continues keyed; without the key the keyed part is unchecked")
    func unkeyedLogContinuesKeyed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let holder = AuditKey()
        let log = AuditLog(path: directory.child("audit.jsonl"), key: holder)
        try log.record(Self.event("old-1"))
        try log.record(Self.event("old-2"))
        #expect(try log.verify() == AuditLog.Verification(recordCount: 2, problem: nil))
        let key = try SecureBytes.random(count: 32)
        holder.set(key)
        try log.record(Self.event("new-3"))
        try log.record(Self.event("new-4"))
        #expect(try log.records().map { $0.mac != nil } == [false, false, true, true])
        #expect(try log.verify() == AuditLog.Verification(recordCount: 4, problem: nil, keyedFrom: 3))
        let error = try #require(throws: HiveKeepError.self) { try AuditLog(path: log.path).verify() }
        #expect(error.code == .unavailable && error.message.contains("keyed from record 3"))
        let wrong = try SecureBytes.random(count: 32)
        #expect(try log.verify(key: wrong).problem?.hasPrefix("record 3 (") == true)
    }

    @Test("the log rotates at its size cap, keeps N old files, and the chain runs on across them")
    func rotationKeepsTheChain() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("audit.jsonl")
        let log = AuditLog(
            path: path, key: AuditKey(try SecureBytes.random(count: 32)), rotation: LogRotation(maxBytes: 600, keep: 2))
        for index in 1...12 { try log.record(Self.event("key-\(index)")) }
        let files = LogRotation(maxBytes: 600, keep: 2).existingFiles(of: path)
        #expect(files == [path + ".2", path + ".1", path])
        #expect(!FileManager.default.fileExists(atPath: path + ".3"))
        for file in files { #expect(try FileSystem.readFile(file)!.count <= 600 + 400, "\(file)") }
        let sequences = try log.records().map(\.sequence)
        #expect(sequences.last == 12)
        #expect(sequences == Array(sequences[0]...12))
        let result = try log.verify()
        #expect(result.isIntact, "\(result)")
        #expect(result.firstSequence == sequences[0] && result.firstSequence > 1)

        // An edit in a rotated file is named with that file.
        var rotated = try Self.lines(path + ".1")
        rotated[0] = rotated[0].replacingOccurrences(of: "key-", with: "kex-")
        try Self.write(rotated, to: path + ".1")
        let problem = try #require(try log.verify().problem)
        #expect(problem.contains(path + ".1 line 1") && problem.contains("wrong MAC"), "\(problem)")
    }
}
