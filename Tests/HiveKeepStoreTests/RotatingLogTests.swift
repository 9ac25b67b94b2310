import Foundation
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import Testing

@Suite("Rotating logs")
struct RotatingLogTests {
    func append(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        #expect(write(fd, bytes, bytes.count) == bytes.count)
    }

    func contents(_ path: String) throws -> String {
        String(decoding: try FileSystem.readFile(path) ?? [], as: UTF8.self)
    }

    @Test("at its cap the log is copied to .1 and truncated; the writer's next append starts the empty file")
    func copyAndTruncate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("w.log")
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        defer { close(fd) }
        let log = RotatingLog(path: path, rotation: LogRotation(maxBytes: 100, keep: 2))
        append(fd, String(repeating: "a", count: 60) + "\n")
        #expect(try log.rotateIfNeeded() == false)
        for round in ["b", "c", "d"] {
            append(fd, String(repeating: round, count: 120) + "\n")
            #expect(try log.rotateIfNeeded())
            #expect(try contents(path).isEmpty)
        }
        append(fd, "after\n")
        #expect(try contents(path) == "after\n")
        #expect(try contents(path + ".1").hasPrefix("ddd"))
        #expect(try contents(path + ".2").hasPrefix("ccc"))
        #expect(!FileManager.default.fileExists(atPath: path + ".3"))
        #expect(try FileSystem.mode(of: path + ".1") == 0o600)
        RotatingLog.remove(path)
        #expect(LogRotation(maxBytes: 100, keep: 2).existingFiles(of: path).isEmpty)
    }

    @Test("while the body runs the watcher keeps the log under its cap")
    func watching() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("w.log")
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        defer { close(fd) }
        let log = RotatingLog(path: path, rotation: LogRotation(maxBytes: 1000, keep: 1))
        append(fd, String(repeating: "x", count: 5000) + "\n")
        let answer = try await RotatingLog.watching([log], every: .milliseconds(10)) {
            while (try? FileSystem.readFile(path + ".1")) == nil { try await Task.sleep(for: .milliseconds(10)) }
            return 42
        }
        #expect(answer == 42)
        #expect(try contents(path).isEmpty)
        #expect(try contents(path + ".1").count == 5001)
    }

    @Test("a rotation setting out of range is refused naming the variable")
    func configuration() throws {
        let fallback = LogRotation(maxBytes: 1 << 20, keep: 3)
        let set = try LogRotation.configured(
            prefix: "X", environment: ["X_MAX_BYTES": "8192", "X_KEEP": "1"], fallback: fallback)
        #expect(set == LogRotation(maxBytes: 8192, keep: 1))
        #expect(try LogRotation.configured(prefix: "X", environment: [:], fallback: fallback) == fallback)
        let error = try #require(throws: HiveKeepError.self) {
            try LogRotation.configured(prefix: "X", environment: ["X_KEEP": "lots"], fallback: fallback)
        }
        #expect(error.message.contains("X_KEEP"))
    }
}
