import Foundation
import HiveKeepTestSupport
import Testing

@Suite("Workload names on disk", .serialized)
struct WorkloadNameE2ETests {
    @Test("hidden names are refused at create, edit and import; list --all shows every saved workload")
    func hiddenNames() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let runconfigs = harness.directory.child("state/hivekeep/runconfigs")
            for name in [".hidden", ".."] {
                let created = try harness.api(
                    "POST", "/api/v1beta/workloads", #"{"name":"\#(name)","image":"exec:///bin/true"}"#)
                #expect(created.status == 400, "\(name): \(created.body)")
                #expect(created.body.contains("invalid workload name"), "\(created.body)")
            }
            let document = #"{"schema_version":"v0.1.0","name":"x","image":"exec:///bin/true","transport":"stdio"}"#
            let imported = try harness.api(
                "POST", "/api/v1beta/workloads/import?name=.hidden&allow_unsigned=true", document)
            #expect(imported.status == 400)
            #expect(imported.body.contains("cannot start with '.'"), "\(imported.body)")
            #expect(!FileManager.default.fileExists(atPath: runconfigs + "/.hidden.json"))

            // A dotted workload saved before the rule, and one whose configuration is unreadable.
            try FileManager.default.createDirectory(atPath: runconfigs, withIntermediateDirectories: true)
            try #"{"name":".legacy","image":"exec:///bin/true","port":0}"#.write(
                toFile: runconfigs + "/.legacy.json", atomically: false, encoding: .utf8)
            try "{not json".write(toFile: runconfigs + "/broken.json", atomically: false, encoding: .utf8)
            let listed = try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [[String: Any]]
            let statuses = Dictionary(
                uniqueKeysWithValues: (listed ?? []).map { ($0["name"] as? String ?? "", $0["status"] as? String) })
            #expect(statuses == [".legacy": "stopped", "broken": "error"], "\(listed ?? [])")
            #expect(try harness.api("GET", "/api/v1beta/workloads/broken/status").body.contains("error"))

            let edited = try harness.api(
                "POST", "/api/v1beta/workloads/.legacy/edit", #"{"image":"exec:///bin/true"}"#)
            #expect(edited.status == 400)
            #expect(edited.body.contains("cannot start with '.'"), "\(edited.body)")
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/.legacy").status == 202)
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/broken").status == 202)
            try await harness.waitUntilDeleted(".legacy", "broken")
            #expect(!FileManager.default.fileExists(atPath: runconfigs + "/broken.json"))
        }
    }
}
