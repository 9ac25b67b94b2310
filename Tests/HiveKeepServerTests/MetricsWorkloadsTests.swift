import HiveKeepTestSupport
import HiveKeepWorkloads
import Testing

@testable import HiveKeepServer

@Suite("GET /metrics: the runners' snapshots and the reconciler's restarts")
struct MetricsWorkloadsTests {
    static func snapshot(_ name: String) -> WorkloadMetricsSnapshot {
        WorkloadMetricsSnapshot(
            workload: name, runnerPID: 42, startedAt: 1_700_000_000, restarts: 2,
            requests: [
                .init(method: "tools/call", outcome: "ok", count: 5),
                .init(method: "none", outcome: "denied", count: 1),
            ],
            latencyBounds: [0.01, 0.1], latencyBuckets: [3, 5, 5], latencySumSeconds: 0.25)
    }

    @Test("existing workloads' snapshots become counters and a histogram; reconciler restarts are their own source")
    func rendersSnapshots() throws {
        let metrics = APIMetrics()
        metrics.reconcileObserver([
            .init(workload: "alpha", kind: .started, detail: "wanted"),
            .init(workload: "alpha", kind: .stopped, detail: "not wanted"),
            .init(workload: "beta", kind: .started, detail: "wanted"),
        ])
        metrics.reconcileObserver([.init(workload: "beta", kind: .started, detail: "wanted")])
        // beta's runner published nothing (yet).
        let text = String(
            decoding: metrics.workloadText(["alpha", "beta"]) { $0 == "beta" ? nil : Self.snapshot($0) },
            as: UTF8.self)
        let parsed = try PrometheusText(text)
        #expect(parsed.types["hivekeep_proxy_requests_total"] == "counter")
        #expect(parsed.types["hivekeep_proxy_request_duration_seconds"] == "histogram")
        #expect(
            parsed.value(
                "hivekeep_proxy_requests_total", ["workload": "alpha", "method": "tools/call", "outcome": "ok"])
                == 5)
        #expect(parsed.value("hivekeep_proxy_requests_total", ["outcome": "denied"]) == 1)
        let buckets = parsed.samples("hivekeep_proxy_request_duration_seconds_bucket", ["workload": "alpha"])
        #expect(buckets.map(\.value) == [3, 5, 5])
        #expect(buckets.last?.labels["le"] == "+Inf")
        #expect(parsed.value("hivekeep_proxy_request_duration_seconds_count", ["workload": "alpha"]) == 5)
        #expect(parsed.value("hivekeep_proxy_request_duration_seconds_sum", ["workload": "alpha"]) == 0.25)
        #expect(parsed.value("hivekeep_workload_runner_start_time_seconds", ["workload": "alpha"]) == 1_700_000_000)
        let restarts = "hivekeep_workload_restarts_total"
        #expect(parsed.value(restarts, ["workload": "alpha", "source": "runner"]) == 2)
        #expect(parsed.value(restarts, ["workload": "alpha", "source": "reconciler"]) == 1)
        #expect(parsed.value(restarts, ["workload": "beta", "source": "reconciler"]) == 2)
        #expect(parsed.samples(restarts, ["workload": "beta", "source": "runner"]).isEmpty)
    }

    @Test("label values are escaped")
    func escapes() throws {
        var text = ExpositionText()
        text.sample("m", [("l", "a\"b\\c\nd")], 1)
        #expect(try PrometheusText(text.value).samples("m").first?.labels["l"] == "a\"b\\c\nd")
    }
}
