import Foundation
import HiveKeepTestSupport
import Testing

/// `hivekeep up` (the reconciliation `serve` also runs): wanted workloads come back, interrupted operations finish.
@Suite("reconciliation end to end", .serialized, .timeLimit(.minutes(10)))
struct ReconcileTests {
    static let environment = ["HIVEKEEP_STOP_GRACE": "1", "HIVEKEEP_RECONCILE_INTERVAL_MS": "3600000"]

    @Test("a runner killed with SIGKILL is started again by `hivekeep up`; what it left on the port is killed")
    func killedRunnerComesBack() async throws {
        try await withHarness(extraEnvironment: Self.environment) { harness in
            try await harness.startServer()
            let script = try OpsFixtures.stubbornServer(in: harness, answers: true)
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"phoenix","image":"exec://\#(script.path)","sandbox":"none"}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("phoenix", "running")
            let leftovers = try await OpsFixtures.spawnedPIDs(script)
            let runner = try #require(OpsFixtures.runnerPID(of: "phoenix", in: harness))
            try FileManager.default.removeItem(atPath: script.pidFile)

            kill(runner, SIGKILL)
            #expect(await OpsFixtures.gone([runner]))
            // The server itself may leave on its stdin's end; its child, which ignores everything, stays.
            #expect(OpsFixtures.isAlive(leftovers[0]), "nobody ended the dead runner's server's child yet")
            // A status read (the API's list) notices the dead runner first and forgets its pid.
            #expect(try harness.summary("phoenix")?["status"] as? String == "unhealthy")

            let up = try await Self.up(harness)
            #expect(up.contains(#""kind":"started""#) && up.contains(#""workload":"phoenix""#), "up printed: \(up)")
            #expect(await OpsFixtures.gone(leftovers), "the dead runner's server and its child are killed")
            try await harness.waitFor("phoenix", "running")
            let newRunner = try #require(OpsFixtures.runnerPID(of: "phoenix", in: harness))
            #expect(newRunner != runner)
            let echoed = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "echo", #"{"text":"back"}"#])
            #expect(echoed["content"] as? [String] == ["back"])

            // A second pass finds nothing to do; a stopped workload is not wanted and stays stopped.
            #expect(try await Self.up(harness) == "[]")
            #expect(try harness.api("POST", "/api/v1beta/workloads/phoenix/stop").status == 202)
            try await harness.waitFor("phoenix", "stopped", timeout: .seconds(60))
            #expect(try await Self.up(harness) == "[]")
            #expect(try harness.summary("phoenix")?["status"] as? String == "stopped")

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/phoenix").status == 202)
            try await harness.waitUntilDeleted("phoenix")
        }
    }

    @Test("an interrupted delete (removing, no runner) and an interrupted stop (stopping, runner alive) are finished")
    func interruptedOperationsFinish() async throws {
        try await withHarness(extraEnvironment: Self.environment) { harness in
            try await harness.startServer()
            let script = try harness.envServerScript()
            for name in ["doomed", "halted"] {
                _ = try harness.json(
                    "POST", "/api/v1beta/workloads", #"{"name":"\#(name)","image":"exec://\#(script)"}"#)
                try await harness.waitFor(name, "running")
            }
            #expect(try harness.api("POST", "/api/v1beta/workloads/doomed/stop").status == 202)
            try await harness.waitFor("doomed", "stopped", timeout: .seconds(60))
            let runner = try #require(OpsFixtures.runnerPID(of: "halted", in: harness))
            // What an API server that died in the middle of the operations leaves, a minute ago.
            try Self.rewriteStatus("doomed", in: harness, status: "removing")
            try Self.rewriteStatus("halted", in: harness, status: "stopping")

            let up = try await Self.up(harness)
            #expect(up.contains(#""kind":"removed","workload":"doomed""#), "up printed: \(up)")
            #expect(up.contains(#""kind":"stopped","workload":"halted""#), "up printed: \(up)")
            #expect(try harness.summary("doomed") == nil)
            #expect(try harness.api("GET", "/api/v1beta/workloads/doomed").status == 404)
            #expect(!FileManager.default.fileExists(atPath: Self.statusFile("doomed", in: harness)))
            #expect(await OpsFixtures.gone([runner]))
            #expect(try harness.summary("halted")?["status"] as? String == "stopped")

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/halted").status == 202)
            try await harness.waitUntilDeleted("halted")
        }
    }

    @Test("a start interrupted before its runner ran is started again; a status with no workload is removed")
    func interruptedStartAndOrphanStatus() async throws {
        try await withHarness(extraEnvironment: Self.environment) { harness in
            try await harness.startServer()
            let port = try await harness.runEnvServer(named: "late")
            #expect(try harness.api("POST", "/api/v1beta/workloads/late/stop").status == 202)
            try await harness.waitFor("late", "stopped", timeout: .seconds(60))
            // What a start leaves when the process that made it died before the runner was spawned.
            try Self.rewriteStatus("late", in: harness, status: "starting", changes: ["wanted": true, "process_id": 0])
            let ghost = Self.statusFile("ghost", in: harness)
            let record =
                #"{"status":"running","created_at":"2026-01-01T00:00:00Z","#
                + #""updated_at":"2026-01-01T00:00:00Z","process_id":0}"#
            try record.write(toFile: ghost, atomically: false, encoding: .utf8)

            let up = try await Self.up(harness)
            #expect(up.contains(#""kind":"started","workload":"late""#), "up printed: \(up)")
            #expect(up.contains(#""kind":"removed","workload":"ghost""#), "up printed: \(up)")
            #expect(!FileManager.default.fileExists(atPath: ghost))
            try await harness.waitFor("late", "running")
            let echoed = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "echo", #"{"text":"late"}"#])
            #expect(echoed["content"] as? [String] == ["late"])

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/late").status == 202)
            try await harness.waitUntilDeleted("late")
        }
    }

    /// Runs `hivekeep up --json` in the harness's environment; returns its output (trimmed).
    static func up(_ harness: WorkloadHarness) async throws -> String {
        let up = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["up", "--json"], environment: harness.environment,
            logDirectory: harness.directory.path)
        let status = try await up.wait(timeout: .seconds(120))
        guard status == 0 else { throw TestSupportError("up failed (\(status)): \(up.errorOutput)") }
        return up.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func statusFile(_ name: String, in harness: WorkloadHarness) -> String {
        harness.directory.child("data/hivekeep/statuses/\(name).json")
    }

    /// Sets the status of `name`'s record on disk, dated a minute ago, keeping the rest.
    static func rewriteStatus(
        _ name: String, in harness: WorkloadHarness, status: String, changes: [String: Any] = [:]
    ) throws {
        let path = statusFile(name, in: harness)
        var record = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        record["status"] = status
        record.merge(changes) { _, new in new }
        record["updated_at"] = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60))
        try JSONSerialization.data(withJSONObject: record).write(to: URL(fileURLWithPath: path))
    }
}
