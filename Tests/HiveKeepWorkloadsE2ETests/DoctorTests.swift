import Foundation
import HiveKeepTestSupport
import Testing

/// `hivekeep doctor --json` against a real installation, healthy and then broken in several ways at once.
@Suite("doctor end to end", .serialized, .timeLimit(.minutes(10)))
struct DoctorTests {
    static let password = "doctor-test-vault-pw"

    @Test(
        "a healthy installation has no failure; a held port, open modes, a tampered audit log and a wrong password do")
    func findsProblems() async throws {
        try await withHarness(extraEnvironment: ["HIVEKEEP_SECRETS_PASSWORD": Self.password]) { harness in
            try await harness.startServer()
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let secret = #"{"key":"doctor-key","value":"doctor-value"}"#
            #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", secret).status == 201)
            let port = try await harness.runEnvServer(named: "checked")
            // A trusted public key is written 0644 (it is public): not a finding; writable by others, it is.
            let trusted = harness.directory.child("config/hivekeep/trusted-keys")
            try FileManager.default.createDirectory(
                atPath: trusted, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let publicKey = trusted + "/peer.pem"
            #expect(
                FileManager.default.createFile(
                    atPath: publicKey, contents: Data("-----BEGIN PUBLIC KEY-----\n".utf8),
                    attributes: [.posixPermissions: 0o644]))

            let healthy = try await Self.doctor(harness)
            #expect(healthy.status == 0, "doctor failed on a healthy installation: \(healthy.checks)")
            #expect(healthy.outcome["secrets"] == "ok")
            #expect(healthy.detail["secrets"]?.contains("1 secrets") == true)
            #expect(healthy.outcome["vault password source"] == nil, "the password comes from a variable")
            #expect(healthy.outcome["audit"] == "ok")
            #expect(healthy.outcome["file modes"] == "ok")
            #expect(healthy.outcome["temporary files"] == "ok")
            #expect(healthy.outcome["workload ports"] == "ok", "the running workload's runner holds its port")
            #expect(healthy.outcome["bubblewrap"] == "ok")
            #expect(healthy.outcome["uv"] == "ok")
            #expect(healthy.outcome["clock"] == "ok")

            #expect(try harness.api("POST", "/api/v1beta/workloads/checked/stop").status == 202)
            try await harness.waitFor("checked", "stopped", timeout: .seconds(60))
            let listener = try TCPListener(port: port)
            defer { listener.close() }
            let config = harness.directory.child("state/hivekeep/runconfigs/checked.json")
            chmod(config, 0o644)
            chmod(publicKey, 0o646)
            let gone = try ChildProcess("/bin/true", [], environment: [:], logDirectory: harness.directory.path)
            _ = try await gone.wait()
            let stale = harness.directory.child("state/hivekeep/runconfigs/.checked.json.\(gone.pid).7.tmp")
            #expect(FileManager.default.createFile(atPath: stale, contents: Data("partial".utf8)))
            let audit = harness.directory.child("state/hivekeep/audit.jsonl")
            let log = try String(contentsOfFile: audit, encoding: .utf8)
            try log.replacingOccurrences(of: "doctor-key", with: "doctor-kez").write(
                toFile: audit, atomically: false, encoding: .utf8)

            let broken = try await Self.doctor(harness, extra: ["HIVEKEEP_SECRETS_PASSWORD": "wrong-password"])
            #expect(broken.status == 1)
            #expect(broken.outcome["workload ports"] == "fail")
            #expect(broken.detail["workload ports"]?.contains("checked (port \(port))") == true)
            #expect(broken.outcome["file modes"] == "fail")
            #expect(broken.detail["file modes"]?.contains(config) == true)
            #expect(broken.detail["file modes"]?.contains(publicKey) == true)
            #expect(broken.outcome["temporary files"] == "warn")
            #expect(broken.detail["temporary files"]?.contains(stale) == true)
            #expect(broken.outcome["audit"] == "fail")
            #expect(broken.outcome["secrets"] == "fail")
            #expect(!broken.checks.contains(Self.password) && !broken.checks.contains("doctor-value"))

            listener.close()
            unlink(stale)
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/checked").status == 202)
            try await harness.waitUntilDeleted("checked")
        }
    }

    struct Report {
        var status: Int32
        var checks: String
        var outcome: [String: String] = [:]
        var detail: [String: String] = [:]
    }

    /// Runs `hivekeep doctor --json` in the harness's environment (plus `extra`).
    static func doctor(_ harness: WorkloadHarness, extra: [String: String] = [:]) async throws -> Report {
        let doctor = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["doctor", "--json"],
            environment: harness.environment.merging(extra) { _, new in new }, logDirectory: harness.directory.path)
        let status = try await doctor.wait(timeout: .seconds(120))
        var report = Report(status: status, checks: doctor.output)
        let object = try JSONSerialization.jsonObject(with: Data(doctor.output.utf8)) as? [String: Any]
        for check in object?["checks"] as? [[String: Any]] ?? [] {
            guard let name = check["name"] as? String else { continue }
            report.outcome[name] = check["outcome"] as? String
            report.detail[name] = check["detail"] as? String
        }
        return report
    }
}
