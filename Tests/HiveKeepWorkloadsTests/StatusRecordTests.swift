import Foundation
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Testing

@Suite("workload status records: the wanted state")
struct StatusRecordTests {
    @Test("set keeps `wanted` unless told, and it survives a round trip through the file")
    func wantedIsKept() throws {
        let directory = try TemporaryDirectory(prefix: "hk-status")
        defer { directory.remove() }
        let store = StatusStore(
            paths: HiveKeepPaths(configDirectory: "", dataDirectory: directory.path, stateDirectory: ""))
        try store.set("w", .starting, processID: 0, wanted: true)
        try store.set("w", .running, processID: 42)
        #expect(try store.read("w")?.wanted == true)
        #expect(try store.read("w")?.isWanted == true)
        try store.set("w", .stopped, processID: 0, wanted: false)
        #expect(try store.read("w")?.isWanted == false)
    }

    @Test("a record written before `wanted` existed is wanted when its status says it was meant to run")
    func olderRecords() throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        func record(_ status: String) throws -> StatusRecord {
            let json =
                #"{"status":"\#(status)","created_at":"2026-01-01T00:00:00Z","#
                + #""updated_at":"2026-01-01T00:00:00Z","process_id":7}"#
            return try decoder.decode(StatusRecord.self, from: Data(json.utf8))
        }
        #expect(try record("running").wanted == nil)
        #expect(try record("running").isWanted)
        #expect(try record("unhealthy").isWanted)
        #expect(try !record("stopped").isWanted)
        #expect(try !record("error").isWanted)
    }
}
