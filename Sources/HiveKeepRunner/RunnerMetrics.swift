import Foundation
import HiveKeepProxy
import HiveKeepStore
import HiveKeepWorkloads
import Logging
import Synchronization

/// The runner's own metrics: its proxy's counters and its server restarts, published as a
/// ``WorkloadMetricsSnapshot`` at start, every ``interval`` and when the runner ends.
final class RunnerMetrics: Sendable {
    /// The pause between two snapshots.
    static let interval: Duration = .seconds(2)

    let name: String
    let paths: HiveKeepPaths
    /// Handed to the proxy's configuration.
    let proxy = ProxyMetrics()
    private let restarts = Atomic<Int>(0)
    private let startedAt = Date().timeIntervalSince1970
    /// The last snapshot written: an idle workload's file is not rewritten every interval.
    private let written = Mutex<WorkloadMetricsSnapshot?>(nil)

    init(name: String, paths: HiveKeepPaths) {
        self.name = name
        self.paths = paths
    }

    /// Counts one restart of the MCP server by the supervise loop.
    func countRestart() {
        restarts.wrappingAdd(1, ordering: .relaxed)
    }

    /// The counters now.
    func snapshot() -> WorkloadMetricsSnapshot {
        let proxy = proxy.snapshot()
        return WorkloadMetricsSnapshot(
            workload: name, runnerPID: getpid(), startedAt: startedAt, restarts: restarts.load(ordering: .relaxed),
            requests: proxy.requests.map { .init(method: $0.method, outcome: $0.outcome, count: $0.count) },
            latencyBounds: ProxyMetrics.bucketBounds, latencyBuckets: proxy.cumulativeBuckets,
            latencySumSeconds: proxy.sumSeconds)
    }

    /// Writes the snapshot unless it is the one written last; a failure is logged and the runner goes on.
    func publish(logger: Logger) {
        let snapshot = snapshot()
        guard written.withLock({ $0 != snapshot }) else { return }
        do {
            try snapshot.write(paths: paths)
            written.withLock { $0 = snapshot }
        } catch {
            logger.warning(
                "cannot write the workload's metrics", metadata: ["workload.name": "\(name)", "error": "\(error)"])
        }
    }

    /// Runs `body` while publishing a snapshot at start, every ``interval``, and when `body` ends (or throws).
    func publishing(logger: Logger, _ body: () async throws -> Void) async throws {
        publish(logger: logger)
        defer { publish(logger: logger) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while true {
                    try await Task.sleep(for: Self.interval)
                    self.publish(logger: logger)
                }
            }
            defer { group.cancelAll() }
            try await body()
        }
    }
}
