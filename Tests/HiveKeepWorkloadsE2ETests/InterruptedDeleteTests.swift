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
            // Killed once the delete has recorded `removing` and is stopping the runner (the grace second).
            let statusFile = ReconcileTests.statusFile("stubborn", in: harness)
            func status() -> String? {
                guard let data = FileManager.default.contents(atPath: statusFile),
                    let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
                else { return nil }
                return record["status"] as? String
            }
            for _ in 0..<300 where status() != "removing" { try await Task.sleep(for: .milliseconds(10)) }
            #expect(status() == "removing", "the delete is under way")
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
}
