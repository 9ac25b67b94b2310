import HiveKeepWorkloads
import Prometheus
import Synchronization

/// The API server's Prometheus metrics, kept in one registry of its own (no global bootstrap, so tests can build
/// several applications in one process) and rendered by `GET /metrics`.
///
/// - `hivekeep_api_requests_total{method,operation,status}` and `hivekeep_api_request_duration_seconds{…}`: every
///   request, by its route template (`/api/v1beta/workloads/{name}`; `unmatched` for anything else, so a scanner
///   cannot grow the label set).
/// - `hivekeep_workloads{status}`: workloads by status, read when scraped.
public final class APIMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// Runners the reconciler started again, by workload, since this server started.
    let reconcilerRestarts = Mutex<[String: Int]>([:])
    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    public init() {}

    /// Counts one answered request and its latency.
    func recordRequest(method: String, operation: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("operation", operation), ("status", "\(status)")]
        registry.makeCounter(
            descriptor: .init(
                namespace: "hivekeep", subsystem: "api", metricName: "requests", unitName: "total",
                helpText: "API requests answered"), labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "hivekeep", subsystem: "api", metricName: "request_duration", unitName: "seconds",
                helpText: "API request latency"),
            labels: [("method", method), ("operation", operation)], buckets: Self.buckets
        ).recordNanoseconds(duration.nanoseconds)
    }

    /// The exposition text, with the workload gauges set from `workloads` first and each workload's runner
    /// metrics (``WorkloadMetricsSnapshot``, from `snapshot`) after the registry's.
    func render(
        workloads: [WorkloadSummary], snapshot: (String) -> WorkloadMetricsSnapshot? = { _ in nil }
    ) -> [UInt8] {
        var counts: [String: Int] = [:]
        for status in WorkloadStatus.allCases { counts[status.rawValue] = 0 }
        for workload in workloads { counts[workload.status.rawValue, default: 0] += 1 }
        for (status, count) in counts {
            registry.makeGauge(
                descriptor: .init(
                    namespace: "hivekeep", metricName: "workloads", unitName: "", helpText: "Workloads by status"),
                labels: [("status", status)]
            ).set(to: Double(count))
        }
        return registry.emitToBuffer() + workloadText(workloads.map(\.name), snapshot: snapshot)
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
