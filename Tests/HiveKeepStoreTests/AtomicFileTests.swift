import Foundation
import HiveKeepCore
import HiveKeepTestSupport
import Testing

@testable import HiveKeepStore

@Suite("Atomic writes")
struct AtomicFileTests {
    @Test("a new file gets exactly the requested mode whatever the umask")
    func newFileGetsRequestedMode() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("secret.txt")
        let previous = umask(0)
        defer { umask(previous) }
        try AtomicFile.write(Array("hello".utf8), to: path, mode: 0o600)
        #expect(try FileSystem.mode(of: path) == 0o600)
        #expect(try FileSystem.readFile(path) == Array("hello".utf8))
    }

    @Test("temporary files of writers that died are removed; a live writer's, other files' and odd names stay")
    func abandonedTemporariesAreRemoved() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("vault")
        try AtomicFile.write(Array("kept".utf8), to: path, mode: 0o600)
        let dead = try Self.deadProcessID()
        let planted = [
            ".vault.\(dead).17.tmp": false,  // a writer that died: removed
            ".vault.\(getpid()).18.tmp": true,  // a live writer (this process): kept
            ".other.\(dead).19.tmp": true,  // another file's: kept
            ".vault.\(dead).tmp": true,  // not a name AtomicFile makes: kept
        ]
        for name in planted.keys { try AtomicFile.write(Array("x".utf8), to: directory.child(name)) }
        #expect(AtomicFile.removeAbandonedTemporaries(of: path) == 1)
        for (name, stays) in planted {
            #expect(FileManager.default.fileExists(atPath: directory.child(name)) == stays, "\(name)")
        }
        #expect(try FileSystem.readFile(path) == Array("kept".utf8))
    }

    /// A process id no process has now (searched downwards from the top of the default pid range).
    static func deadProcessID() throws -> pid_t {
        for pid in stride(from: pid_t(4_194_000), to: 4_000_000, by: -1) where kill(pid, 0) == -1 && errno == ESRCH {
            return pid
        }
        throw TestSupportError("no unused process id found")
    }

    @Test("rewriting a 0600 file keeps it 0600")
    func rewriteKeeps0600() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("vault")
        try AtomicFile.write(Array("one".utf8), to: path, mode: 0o600)
        for round in 0..<3 {
            try AtomicFile.write(Array("round \(round)".utf8), to: path, mode: 0o644)
            #expect(try FileSystem.mode(of: path) == 0o600)
        }
        #expect(try FileSystem.readFile(path) == Array("round 2".utf8))
    }

    @Test("an existing file keeps its own mode when replaced")
    func existingModeIsKept() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("shared.yaml")
        try AtomicFile.write(Array("a".utf8), to: path, mode: 0o640)
        try AtomicFile.write(Array("b".utf8), to: path, mode: 0o600)
        #expect(try FileSystem.mode(of: path) == 0o640)
    }

    @Test("a failed replace leaves the original and no temporary file")
    func failedReplaceLeavesOriginal() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("target")
        // A non-empty directory at the target path makes rename fail after the temporary file is written.
        try FileSystem.createDirectory(path + "/inner", mode: 0o700)
        #expect(throws: HiveKeepError.self) {
            try AtomicFile.write(Array("new".utf8), to: path)
        }
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(entries == ["target"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["inner"])
    }

    @Test("the lock excludes concurrent holders so no increment is lost")
    func lockSerializesHolders() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("counter")
        try AtomicFile.write(Array("0".utf8), to: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await Blocking.run {
                        for _ in 0..<25 {
                            try FileLock(guarding: path).withLock {
                                let value = Int(String(decoding: try FileSystem.readFile(path) ?? [], as: UTF8.self))
                                usleep(200)
                                try AtomicFile.write(Array("\((value ?? 0) + 1)".utf8), to: path)
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try FileSystem.readFile(path) == Array("100".utf8))
    }
}
