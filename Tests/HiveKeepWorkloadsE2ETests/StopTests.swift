import Foundation
import HiveKeepTestSupport
import Testing

/// Stopping a workload ends everything its server started, in every state, whoever asks (issue 14).
///
/// The servers here ignore SIGTERM and leave a child that ignores it too, each in the server's process group; with
/// `HIVEKEEP_STOP_GRACE=1` the runner must kill them after a second. Without that they would live for 1000 s, so
/// the bounded waits below fail when the runner does not end its server's group by itself.
@Suite("stopping workloads end to end", .serialized, .timeLimit(.minutes(10)))
struct StopTests {
    static let environment = ["HIVEKEEP_STOP_GRACE": "1", "HIVEKEEP_RECONCILE_INTERVAL_MS": "3600000"]

    @Test("SIGTERM to the runner of a server that never answers its handshake ends the server's group at once")
    func sigtermWhileStarting() async throws {
        try await withHarness(extraEnvironment: Self.environment) { harness in
            try await harness.startServer()
            let script = try OpsFixtures.stubbornServer(in: harness, answers: false)
            let created = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"silent","image":"exec://\#(script.path)","sandbox":"none"}"#
            )
            let port = try #require(created["port"] as? Int)
            let started = try await OpsFixtures.spawnedPIDs(script)
            let runner = try #require(OpsFixtures.runnerPID(of: "silent", in: harness))
            #expect(try harness.summary("silent")?["status"] as? String == "starting")

            kill(runner, SIGTERM)
            #expect(await OpsFixtures.gone([runner] + started), "the runner and its server's whole group exit")
            #expect(!RawHTTP.isListening(.tcp(port: port)), "nothing holds the workload's port")
            let status = try harness.summary("silent")?["status"] as? String
            #expect(status == "stopped")

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/silent").status == 202)
            try await harness.waitUntilDeleted("silent")
        }
    }

    @Test("with the API server killed, SIGTERM to the runner of a server still starting ends its group by itself")
    func sigtermWhileStartingWithoutAPIServer() async throws {
        try await withHarness(extraEnvironment: Self.environment) { harness in
            try await harness.startServer()
            let script = try OpsFixtures.stubbornServer(in: harness, answers: false)
            let created = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"silent","image":"exec://\#(script.path)","sandbox":"none"}"#
            )
            let port = try #require(created["port"] as? Int)
            let started = try await OpsFixtures.spawnedPIDs(script)
            let runner = try #require(OpsFixtures.runnerPID(of: "silent", in: harness))
            // Nobody left to escalate: what the runner does now, it does on its own.
            try await harness.killServer()
            #expect(OpsFixtures.isAlive(runner), "the runner outlives the API server")

            kill(runner, SIGTERM)
            #expect(await OpsFixtures.gone([runner] + started), "the runner and its server's whole group exit")
            #expect(!RawHTTP.isListening(.tcp(port: port)), "nothing holds the workload's port")
            let record = try JSONSerialization.jsonObject(
                with: try Data(contentsOf: URL(fileURLWithPath: ReconcileTests.statusFile("silent", in: harness))))
            #expect((record as? [String: Any])?["status"] as? String == "stopped")

            try await harness.startServer()
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/silent").status == 202)
            try await harness.waitUntilDeleted("silent")
        }
    }

    @Test("SIGTERM to the runner while its crashing server waits to be restarted ends it, leaving nothing behind")
    func sigtermWhileRestarting() async throws {
        // Restarts 2 s apart and no giving up: after the second run the runner is waiting to restart for 2 s.
        let slowRestarts = [
            "HIVEKEEP_RESTART_INITIAL_DELAY_MS": "2000", "HIVEKEEP_RESTART_MAX_DELAY_MS": "2000",
            "HIVEKEEP_RESTART_MAX_ATTEMPTS": "50",
        ]
        try await withHarness(extraEnvironment: Self.environment.merging(slowRestarts) { $1 }) { harness in
            try await harness.startServer()
            // Each run leaves a child that ignores SIGTERM in its group, records both pids, and exits at once.
            let script = harness.directory.child("crashing.sh")
            let pidFile = harness.directory.child("crashing.pids")
            try """
            #!/bin/sh
            trap '' TERM
            sleep 1000 &
            echo "$! $$" >> "\(pidFile)"
            exit 3

            """.write(toFile: script, atomically: false, encoding: .utf8)
            chmod(script, 0o755)
            _ = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"crashing","image":"exec://\#(script)","sandbox":"none"}"#)
            func pids() -> [Int32] {
                let text = (try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? ""
                return text.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
            }
            for _ in 0..<600 where pids().count < 4 { try await Task.sleep(for: .milliseconds(100)) }
            #expect(pids().count >= 4, "the server ran at least twice: it is being restarted")
            let runner = try #require(OpsFixtures.runnerPID(of: "crashing", in: harness))

            kill(runner, SIGTERM)
            #expect(await OpsFixtures.gone([runner]), "the runner exits")
            #expect(await OpsFixtures.gone(pids()), "no server and no child of any run is left")
            #expect(try harness.summary("crashing")?["status"] as? String == "stopped")

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/crashing").status == 202)
            try await harness.waitUntilDeleted("crashing")
        }
    }

    @Test("a stop through the API ends a running server that ignores SIGTERM and its child, and frees the port")
    func apiStopWhileRunning() async throws {
        try await withHarness(extraEnvironment: Self.environment) { harness in
            try await harness.startServer()
            let script = try OpsFixtures.stubbornServer(in: harness, answers: true)
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"stubborn","image":"exec://\#(script.path)","sandbox":"none"}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("stubborn", "running")
            let started = try await OpsFixtures.spawnedPIDs(script)
            let runner = try #require(OpsFixtures.runnerPID(of: "stubborn", in: harness))

            let stop = try harness.api("POST", "/api/v1beta/workloads/stubborn/stop")
            #expect(stop.status == 202)
            try await harness.waitFor("stubborn", "stopped", timeout: .seconds(60))
            #expect(await OpsFixtures.gone([runner] + started), "the runner and its server's whole group exit")
            #expect(!RawHTTP.isListening(.tcp(port: port)), "nothing holds the workload's port")

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/stubborn").status == 202)
            try await harness.waitUntilDeleted("stubborn")
        }
    }
}
