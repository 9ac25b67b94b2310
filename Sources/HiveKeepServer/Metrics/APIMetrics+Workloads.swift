import Foundation
import HiveKeepWorkloads
import Synchronization

/// The per-workload families, written from the runners' snapshots when scraped (their values are the runners'
/// counts, not this process's, so they bypass the registry):
///
/// - `hivekeep_proxy_requests_total{workload,method,outcome}` and `hivekeep_proxy_request_duration_seconds{workload}`
///   (histogram): the requests through each workload's proxy;
/// - `hivekeep_workload_restarts_total{workload,source}`: `source="runner"` counts the MCP server restarts by the
///   current runner, `source="reconciler"` the runners this API server started again;
/// - `hivekeep_workload_runner_start_time_seconds{workload}`: when the current runner started.
extension APIMetrics {
    /// The observer to give the ``Reconciler``: counts every runner it started again.
    public var reconcileObserver: @Sendable ([ReconcileAction]) -> Void {
        { [self] actions in
            reconcilerRestarts.withLock { counts in
                for action in actions where action.kind == .started { counts[action.workload, default: 0] += 1 }
            }
        }
    }

    /// The families for `names` (the existing workloads), in exposition text.
    func workloadText(_ names: [String], snapshot: (String) -> WorkloadMetricsSnapshot?) -> [UInt8] {
        let snapshots = names.sorted().compactMap { snapshot($0) }
        let reconciled = reconcilerRestarts.withLock { $0 }
        var text = ExpositionText()
        text.family("hivekeep_proxy_requests_total", "counter", "MCP requests through each workload's proxy")
        for snapshot in snapshots {
            for requests in snapshot.requests {
                text.sample(
                    "hivekeep_proxy_requests_total",
                    [("workload", snapshot.workload), ("method", requests.method), ("outcome", requests.outcome)],
                    Double(requests.count))
            }
        }
        let latency = "hivekeep_proxy_request_duration_seconds"
        text.family(latency, "histogram", "Latency of the MCP requests through each workload's proxy")
        for snapshot in snapshots {
            let workload = ("workload", snapshot.workload)
            for (bound, count) in zip(snapshot.latencyBounds.map { "\($0)" } + ["+Inf"], snapshot.latencyBuckets) {
                text.sample(latency + "_bucket", [workload, ("le", bound)], Double(count))
            }
            text.sample(latency + "_sum", [workload], snapshot.latencySumSeconds)
            text.sample(latency + "_count", [workload], Double(snapshot.latencyBuckets.last ?? 0))
        }
        let started = "hivekeep_workload_runner_start_time_seconds"
        text.family(started, "gauge", "When each workload's current runner started (a change: its counters restarted)")
        for snapshot in snapshots { text.sample(started, [("workload", snapshot.workload)], snapshot.startedAt) }
        let restarts = "hivekeep_workload_restarts_total"
        text.family(restarts, "counter", "Restarts of each workload's MCP server (runner) and runner (reconciler)")
        for name in names.sorted() {
            if let snapshot = snapshots.first(where: { $0.workload == name }) {
                text.sample(restarts, [("workload", name), ("source", "runner")], Double(snapshot.restarts))
            }
            if let count = reconciled[name] {
                text.sample(restarts, [("workload", name), ("source", "reconciler")], Double(count))
            }
        }
        return Array(text.value.utf8)
    }
}

/// Prometheus text exposition written by hand, label values escaped.
struct ExpositionText {
    private(set) var value = ""

    mutating func family(_ name: String, _ type: String, _ help: String) {
        value += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labels: [(String, String)], _ number: Double) {
        let pairs = labels.map { "\($0.0)=\"\(Self.escaped($0.1))\"" }.joined(separator: ",")
        value += "\(name){\(pairs)} \(number)\n"
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
