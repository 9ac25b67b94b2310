import Foundation
import HiveKeepTestSupport

/// Servers and process look-ups for the stop and reconciliation tests.
enum OpsFixtures {
    /// An `exec://` script and the file where it writes the pids of what it starts.
    struct Script {
        let path: String
        let pidFile: String
    }

    /// A server that ignores SIGTERM and starts a child (`sleep 1000`) that ignores it too, both in its process
    /// group and holding its stdout; it writes both pids to `pidFile`. With `answers` it then runs the env-reporting
    /// MCP server (still ignoring SIGTERM), otherwise it never answers anything. Its workloads are created with
    /// `"sandbox":"none"` (an admin's opt-out): the script reports pids into the harness directory, which a sandbox
    /// would not show it; these tests are about the runner's process-group handling, not the sandbox.
    static func stubbornServer(in harness: WorkloadHarness, answers: Bool) throws -> Script {
        let name = answers ? "stubborn" : "silent"
        let path = harness.directory.child("\(name).sh")
        let pidFile = harness.directory.child("\(name).pids")
        let server =
            answers
            ? "exec \"\(try PythonTools.executable("python"))\" \"\(WorkloadHarness.fixtures)/env_server.py\""
            : "exec sleep 1000"
        let script = """
            #!/bin/sh
            trap '' TERM
            sleep 1000 &
            echo "$! $$" > "\(pidFile).tmp" && mv "\(pidFile).tmp" "\(pidFile)"
            \(server)

            """
        try script.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o755)
        return Script(path: path, pidFile: pidFile)
    }

    /// The pids `script` wrote (its child's and its own), once it has written them.
    static func spawnedPIDs(_ script: Script) async throws -> [Int32] {
        for _ in 0..<600 {
            if let text = try? String(contentsOfFile: script.pidFile, encoding: .utf8) {
                let pids = text.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
                if pids.count == 2 { return pids }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("the server did not write its pids to \(script.pidFile)")
    }

    /// The pid of the `hivekeep proxy-runner NAME` process of the harness.
    static func runnerPID(of workload: String, in harness: WorkloadHarness) -> Int32? {
        harness.processes().first { pid in
            let arguments = commandLine(of: pid)
            return arguments.contains("proxy-runner") && arguments.last == workload
        }
    }

    /// The arguments of `pid`.
    static func commandLine(of pid: Int32) -> [String] {
        let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether a process `pid` is alive (a zombie counts as gone: it holds nothing).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    /// Waits (at most 30 s) until none of `pids` is alive; false when one still is.
    static func gone(_ pids: [Int32]) async -> Bool {
        for _ in 0..<300 {
            if !pids.contains(where: isAlive) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
