import Foundation
import HiveKeepStore

#if canImport(Glibc)
    import Glibc
#endif

extension WorkloadMetricsSnapshot {
    /// Removes the snapshots of workloads that no longer exist (neither a run configuration nor a status): what a
    /// deleted workload's runner left. A workload created again later under the same name starts without them.
    ///
    /// A snapshot of a workload in the middle of a delete stays until the delete has removed its status; temporary
    /// files of a writer (dot-names) are never touched.
    /// - Returns: the names whose snapshot was removed, sorted.
    @discardableResult
    public static func removeOrphans(paths: HiveKeepPaths) -> [String] {
        let directory = directory(paths)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let configs = RunConfigStore(paths: paths)
        let statuses = StatusStore(paths: paths)
        var removed: [String] = []
        for entry in entries.sorted() where entry.hasSuffix(".json") && !entry.hasPrefix(".") {
            let name = String(entry.dropLast(".json".count))
            guard !configs.exists(name), !FileManager.default.fileExists(atPath: statuses.path(of: name)) else {
                continue
            }
            if unlink(directory + "/" + entry) == 0 { removed.append(name) }
        }
        return removed
    }
}

extension WorkloadService {
    /// Removes the metrics snapshots of workloads that no longer exist (see
    /// ``WorkloadMetricsSnapshot/removeOrphans(paths:)``); run after every reconciliation pass.
    @discardableResult
    public nonisolated func removeOrphanedMetricsSnapshots() -> [String] {
        WorkloadMetricsSnapshot.removeOrphans(paths: paths)
    }
}
