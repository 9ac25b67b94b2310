import Foundation
import HiveKeepProxy
import HiveKeepTestSupport
import Testing

/// The per-workload proxy counters, through the bridge (fast and Hummingbird paths) and the reverse proxy, with the
/// real mcp-server-time behind them.
@Suite("Proxy metrics", .serialized, .timeLimit(.minutes(4)))
struct ProxyMetricsTests {
    static let policy = ToolPolicy(allowed: ["get_current_time"], overrides: [:])

    func count(_ snapshot: ProxyMetrics.Snapshot, _ method: String, _ outcome: String) -> Int {
        snapshot.requests.first { $0.method == method && $0.outcome == outcome }?.count ?? 0
    }

    @Test("method labels are a fixed set: notifications, responses and unknown methods fold into three labels")
    func labels() {
        let metrics = ProxyMetrics()
        for method in ["tools/call", "notifications/initialized", "notifications/cancelled", "evil/\(UUID())", "none"] {
            metrics.record(method: method, outcome: .ok, started: nil)
        }
        metrics.record(method: nil, outcome: .error, started: nil)
        let snapshot = metrics.snapshot()
        #expect(count(snapshot, "tools/call", "ok") == 1)
        #expect(count(snapshot, "notification", "ok") == 2)
        #expect(count(snapshot, "other", "ok") == 2)
        #expect(count(snapshot, "response", "error") == 1)
        #expect(snapshot.requests.allSatisfy { ProxyMetrics.methods.contains($0.method) })
        #expect(snapshot.cumulativeBuckets.last == 0, "untimed requests have no latency")
    }

    @Test("calls, refusals and a missing token are counted by method and outcome, each timed call in the histogram")
    func bridgeCounts() async throws {
        let metrics = ProxyMetrics()
        try await MetricsProxy.run(metrics: metrics, policy: Self.policy) { http in
            let session = try await http.initialize()
            for index in 1...7 {
                let reply = try await http.sessionCall(session, id: "\(index)")
                #expect(reply.resultText.contains("UTC"))
            }
            let before = metrics.snapshot()
            #expect(count(before, "tools/call", "ok") == 7)
            let refused = try await http.sessionCall(session, id: "8", tool: "convert_time")
            #expect(refused.errorCode == -32602)
            var anonymous = http
            anonymous.token = nil
            #expect(try await anonymous.send(body: #"{"jsonrpc":"2.0","id":9,"method":"tools/list"}"#).status == 401)
            let listed = try await http.send(
                headers: [("Mcp-Session-Id", session)], body: #"{"jsonrpc":"2.0","id":10,"method":"tools/list"}"#)
            #expect(listed.status == 200)
            let after = metrics.snapshot()
            #expect(count(after, "initialize", "ok") == 1)
            #expect(count(after, "notification", "ok") == 1)
            #expect(count(after, "tools/call", "ok") == 7)
            #expect(count(after, "tools/call", "denied") == 1)
            #expect(count(after, "tools/list", "ok") == 1)
            #expect(count(after, "none", "denied") == 1)
            // Every request with a method was timed (the refused credential was not): 1 + 1 + 7 + 1 + 1.
            #expect(after.cumulativeBuckets.last == 11)
            #expect(after.cumulativeBuckets == after.cumulativeBuckets.sorted(), "cumulative buckets never fall")
            #expect(after.sumSeconds > 0)
            // Monotonic: no count of the later snapshot is below the earlier one.
            for request in before.requests {
                #expect(count(after, request.method, request.outcome) >= request.count)
            }
        }
    }

    @Test("the reverse proxy counts forwarded calls, policy refusals and an unreachable upstream")
    func reverseCounts() async throws {
        try await MetricsProxy.run(metrics: nil, policy: .init()) { upstream in
            let metrics = ProxyMetrics()
            let token = try #require(upstream.token)
            try await MetricsProxy.reverse(
                to: upstream.base, upstreamToken: token, metrics: metrics, policy: Self.policy
            ) { http in
                let allowed = try await http.stateless(
                    "tools/call", id: "1", params: #""name":"get_current_time","arguments":{"timezone":"UTC"}"#,
                    name: "get_current_time")
                #expect(allowed.status == 200)
                let refused = try await http.stateless(
                    "tools/call", id: "2", params: #""name":"convert_time","arguments":{}"#, name: "convert_time")
                #expect(refused.errorCode == -32602)
            }
            let snapshot = metrics.snapshot()
            #expect(count(snapshot, "tools/call", "ok") == 1)
            #expect(count(snapshot, "tools/call", "denied") == 1)
            #expect(snapshot.cumulativeBuckets.last == 2)
        }
        // Nothing listens upstream: a 502, counted as an error.
        let unreachable = ProxyMetrics()
        let closed = "http://127.0.0.1:\(try RawHTTP.freePort())"
        try await MetricsProxy.reverse(to: closed, upstreamToken: "t", metrics: unreachable, policy: .init()) { http in
            let reply = try await http.send(body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#)
            #expect(reply.status == 502)
        }
        #expect(count(unreachable.snapshot(), "tools/list", "error") == 1)
    }
}
