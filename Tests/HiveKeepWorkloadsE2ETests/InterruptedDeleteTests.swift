import Foundation
import HiveKeepTestSupport
import Testing

/// The issue's second defect as reported: a `DELETE` interrupted by the API server's exit must not leave the
/// workload in `removing`; the next `serve` finishes it by itself, without a second `DELETE`.
@Suite("an interrupted delete end to end", .serialized, .timeLimit(.minutes(5)))
struct InterruptedDeleteTests {
    static let environment = ["HIVEKEEP_STOP_GRACE": "1", "HIVEKEEP_RECONCILE_INTERVAL_MS": "500"]

    @Test("a DELETE cut short by killing the API server is finished by the next serve's reconciliation")
    func deleteFinishedAfterRestart() async throws {
        try await withHarness(extraEnvironment: Self.environment) { harness in
            try await harness.startServer()
            // It ignores SIGTERM, so the delete takes the grace second: time to kill the API server inside it.
            let script = try OpsFixtures.stubbornServer(in: harness, answers: true)
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"stubborn","image":"exec://\#(script.path)","sandbox":"none"}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("stubborn", "running")
            let started = try await OpsFixtures.spawnedPIDs(script)
            let runner = try #require(OpsFixtures.runnerPID(of: "stubborn", in: harness))

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/stubborn").status == 202)
            // Killed at once, while the delete stops the runner (the grace second) or before it began.
            let statusFile = ReconcileTests.statusFile("stubborn", in: harness)
            func status() -> String? {
                guard let data = FileManager.default.contents(atPath: statusFile),
                    let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
                else { return nil }
                return record["status"] as? String
            }
            // Recorded before the 202: an API server killed right after answering loses nothing.
            #expect(status() == "removing", "the delete was recorded before it was accepted")
            try await harness.killServer()
            #expect(status() == "removing", "the delete was interrupted")

            try await harness.startServer()
            try await harness.waitUntilDeleted("stubborn", timeout: .seconds(90))
            #expect(try harness.api("GET", "/api/v1beta/workloads/stubborn").status == 404)
            #expect(!FileManager.default.fileExists(atPath: statusFile))
            #expect(await OpsFixtures.gone([runner] + started), "the runner and its server's group are gone")
            #expect(!RawHTTP.isListening(.tcp(port: port)), "nothing holds the workload's port")
        }
    }

    @Test(
        "a stop cut short by killing the API server right after its 202 is finished, and not undone, by the next serve")
    func stopFinishedAfterRestart() async throws {
        try await withHarness(extraEnvironment: Self.environment) { harness in
            try await harness.startServer()
            let script = try OpsFixtures.stubbornServer(in: harness, answers: true)
            _ = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"halted","image":"exec://\#(script.path)","sandbox":"none"}"#)
            try await harness.waitFor("halted", "running")
            let runner = try #require(OpsFixtures.runnerPID(of: "halted", in: harness))

            #expect(try harness.api("POST", "/api/v1beta/workloads/halted/stop").status == 202)
            let statusFile = ReconcileTests.statusFile("halted", in: harness)
            let record = try #require(
                FileManager.default.contents(atPath: statusFile).flatMap {
                    try JSONSerialization.jsonObject(with: $0) as? [String: Any]
                })
            #expect(["stopping", "stopped"].contains(record["status"] as? String), "recorded before the 202")
            try await harness.killServer()

            try await harness.startServer()
            try await harness.waitFor("halted", "stopped", timeout: .seconds(90))
            #expect(await OpsFixtures.gone([runner]), "the runner is gone")
            // Several reconciliation passes later it is still stopped: the stop was not undone.
            try await Task.sleep(for: .seconds(2))
            #expect(try harness.json("GET", "/api/v1beta/workloads/halted/status")["status"] as? String == "stopped")
        }
    }
}
