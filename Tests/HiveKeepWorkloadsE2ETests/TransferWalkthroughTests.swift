import Foundation
import HiveKeepTestSupport
import Testing

/// Samples/walkthrough.sh, run as a user would, against a real server on a Unix socket.
@Suite("Samples walkthrough end to end", .serialized, .timeLimit(.minutes(10)))
struct TransferWalkthroughTests {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    @Test("the walkthrough trusts Keys/, imports the signed time sample and re-imports its own signed export")
    func walkthroughRuns() async throws {
        try await TransferSupport.run(environment: ["HIVEKEEP_SECRETS_PASSWORD": "walkthrough-vault-pw"]) {
            harness, transfer in
            try await harness.startServer()
            try await transfer.startSocketServer()
            let result = try await transfer.run(
                "/bin/sh", [Self.root + "/Samples/walkthrough.sh"],
                extra: [
                    "HIVEKEEP": try TestProducts.executable("hivekeep"), "HIVEKEEP_SOCKET": transfer.socketPath,
                    "WORKDIR": harness.directory.path,
                ])
            #expect(result.status == 0, "\(result.output)\n\(result.error)")
            #expect(result.output.contains("trusted hivekeep-samples"))
            for name in ["time-sample", "time-walk", "time-walk-copy"] {
                try await harness.waitFor(name, "running")
            }
            let sample = try #require(try harness.summary("time-sample"))
            let url = try #require(sample["url"] as? String)
            let reply = try await harness.mcpClient(
                url, "streamable", ["call", "get_current_time", #"{"timezone":"UTC"}"#])
            #expect((reply["content"] as? [String])?.first?.contains("UTC") == true)
            let copy = try harness.json("GET", "/api/v1beta/workloads/time-walk-copy/export")
            #expect(copy["secrets"] as? [String] == ["walkthrough-token,target=WALKTHROUGH_TOKEN"])
            #expect(copy["image"] as? String == "uvx://mcp-server-time")
            // Run again against the same installation, it refuses before changing anything.
            let again = try await transfer.run(
                "/bin/sh", [Self.root + "/Samples/walkthrough.sh"],
                extra: [
                    "HIVEKEEP": try TestProducts.executable("hivekeep"), "HIVEKEEP_SOCKET": transfer.socketPath,
                    "WORKDIR": harness.directory.path,
                ])
            #expect(again.status != 0)
            #expect(again.error.contains("needs a fresh installation"), "\(again.error)")
        }
    }

    @Test("without a socket the walkthrough runs in a throwaway installation of its own, again and again")
    func walkthroughRunsInThrowawayInstallation() async throws {
        try await TransferSupport.run { harness, transfer in
            let workdir = harness.directory.child("walkthrough")
            try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
            for round in 1...2 {
                let result = try await transfer.run(
                    "/bin/sh", [Self.root + "/Samples/walkthrough.sh"],
                    extra: ["HIVEKEEP": try TestProducts.executable("hivekeep"), "WORKDIR": workdir])
                #expect(result.status == 0, "round \(round): \(result.output)\n\(result.error)")
                #expect(result.output.contains("a throwaway installation in \(workdir)/installation"))
                #expect(result.output.contains("trusted hivekeep-samples"), "round \(round)")
                #expect(result.output.contains(#""name":"time-walk-copy""#), "round \(round)")
                #expect(!FileManager.default.fileExists(atPath: workdir + "/installation"), "round \(round)")
                #expect(await Self.leftoverProcesses(mentioning: workdir) == [], "round \(round)")
            }
            // Nothing went into the harness's own installation.
            #expect(!FileManager.default.fileExists(atPath: harness.directory.child("config/hivekeep/trusted-keys")))
        }
    }

    /// The processes whose environment mentions `path` (the walkthrough's own server and workloads) once they have
    /// had `timeout` to exit.
    static func leftoverProcesses(mentioning path: String, timeout: Duration = .seconds(30)) async -> [Int32] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !processes(mentioning: path).isEmpty {
            try? await Task.sleep(for: .milliseconds(100))
        }
        return processes(mentioning: path)
    }

    /// The processes whose environment mentions `path`.
    static func processes(mentioning path: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != getpid(), let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else {
                return false
            }
            return data.range(of: Data(path.utf8)) != nil
        }
    }
}
