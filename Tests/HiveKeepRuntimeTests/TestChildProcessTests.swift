import Foundation
import HiveKeepTestSupport
import Testing

/// The test-support `ChildProcess` other suites use: clean signal state and whole-tree cleanup.
@Suite(.timeLimit(.minutes(1))) struct TestChildProcessTests {
    @Test("a test's child starts with SIGTERM unblocked, and wait returns its exit code")
    func unblockedSignals() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let child = try ChildProcess(
            "/bin/grep", ["^SigBlk", "/proc/self/status"], environment: [:], logDirectory: directory.path)
        #expect(try await child.wait() == 0)
        #expect(child.output == "SigBlk:\t0000000000000000\n")
        #expect(!child.isRunning)
    }

    @Test("kill() removes the child's whole process group, grandchildren included")
    func killRemovesTree() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let child = try ChildProcess(
            "/bin/sh", ["-c", "sleep 300 & echo $!; wait"], environment: [:], logDirectory: directory.path)
        defer { child.kill() }
        var grandchild: pid_t?
        for _ in 0..<500 where grandchild == nil {
            grandchild = pid_t(child.output.trimmingCharacters(in: .whitespacesAndNewlines))
            if grandchild == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        let sleeper = try #require(grandchild)
        #expect(child.isRunning)
        child.kill()
        #expect(!child.isRunning)
        // The grandchild is not our child: wait until it is gone (it is reaped by init once killed).
        var gone = false
        for _ in 0..<500 where !gone {
            let state = (try? String(contentsOfFile: "/proc/\(sleeper)/stat", encoding: .utf8)) ?? ""
            gone = state.isEmpty || state.split(separator: " ").dropFirst(2).first == "Z"
            if !gone { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(gone)
    }
}
