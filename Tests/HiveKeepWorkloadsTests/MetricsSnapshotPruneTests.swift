import Foundation
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Testing

@Suite("metrics snapshots of deleted workloads")
struct MetricsSnapshotPruneTests {
    private func snapshot(_ name: String) -> WorkloadMetricsSnapshot {
        WorkloadMetricsSnapshot(
            workload: name, runnerPID: 42, startedAt: 1_800_000_000, restarts: 1,
            requests: [.init(method: "tools/call", outcome: "ok", count: 3)], latencyBounds: [0.1],
            latencyBuckets: [3, 3], latencySumSeconds: 0.05)
    }

    @Test("only a snapshot with neither a run configuration nor a status is removed; temporaries stay")
    func orphansRemoved() throws {
        let directory = try TemporaryDirectory(prefix: "hk-prune")
        defer { directory.remove() }
        let paths = HiveKeepPaths(
            configDirectory: directory.child("config"), dataDirectory: directory.child("data"),
            stateDirectory: directory.child("state"))
        #expect(WorkloadMetricsSnapshot.removeOrphans(paths: paths) == [], "no metrics directory yet")
        for name in ["configured", "deleting", "deleted"] { try snapshot(name).write(paths: paths) }
        try FileSystem.createDirectory(paths.stateDirectory + "/runconfigs", mode: 0o700)
        try AtomicFile.write(Array("{}".utf8), to: paths.stateDirectory + "/runconfigs/configured.json")
        // A delete in progress: the run configuration is gone, the status (`removing`) not yet.
        try StatusStore(paths: paths).set("deleting", .removing, processID: 0)
        let temporary = WorkloadMetricsSnapshot.directory(paths) + "/.deleted.json.1.2.tmp"
        try AtomicFile.write(Array("{".utf8), to: temporary)

        #expect(WorkloadMetricsSnapshot.removeOrphans(paths: paths) == ["deleted"])
        #expect(WorkloadMetricsSnapshot.read("deleted", paths: paths) == nil)
        #expect(WorkloadMetricsSnapshot.read("configured", paths: paths) == snapshot("configured"))
        #expect(WorkloadMetricsSnapshot.read("deleting", paths: paths) == snapshot("deleting"))
        #expect(FileManager.default.fileExists(atPath: temporary))

        // Once the delete has removed the status, the next pass removes its snapshot too.
        try FileManager.default.removeItem(atPath: StatusStore(paths: paths).directory + "/deleting.json")
        #expect(WorkloadMetricsSnapshot.removeOrphans(paths: paths) == ["deleting"])
        #expect(WorkloadMetricsSnapshot.removeOrphans(paths: paths) == [])
    }
}
