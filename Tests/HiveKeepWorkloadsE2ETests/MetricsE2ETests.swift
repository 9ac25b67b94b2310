import Foundation
import HiveKeepTestSupport
import Testing

/// `GET /metrics` of a real `hivekeep serve` with a real runner of `uvx://mcp-server-time`, driven by the Python
/// `mcp` client: the runner's own counts reach the API server's scrape.
@Suite("Metrics end to end", .serialized, .timeLimit(.minutes(10)))
struct MetricsE2ETests {
    static let password = "metrics-e2e-vault-pw"
    static let knownMethods: Set<String> = [
        "initialize", "ping", "tools/list", "tools/call", "server/discover", "notification", "response", "none",
        "other", "resources/list", "prompts/list", "logging/setLevel", "subscriptions/listen",
    ]

    /// The parsed exposition, with the API token.
    func scrape(_ harness: WorkloadHarness) throws -> PrometheusText {
        let response = try harness.api("GET", "/metrics")
        guard response.status == 200 else { throw TestSupportError("/metrics answered \(response.status)") }
        return try PrometheusText(response.body)
    }

    /// Scrapes until `condition` holds (runners publish every 2 s); fails with the last scrape otherwise.
    func scrape(
        _ harness: WorkloadHarness, until condition: (PrometheusText) -> Bool, _ what: String
    ) async throws -> PrometheusText {
        var last = try scrape(harness)
        for _ in 0..<300 where !condition(last) {
            try await Task.sleep(for: .milliseconds(100))
            last = try scrape(harness)
        }
        guard condition(last) else {
            throw TestSupportError("\(what) never showed; last scrape:\n\(last.samples.map { "\($0)" }.joined())")
        }
        return last
    }

    /// The host pid of the harness's mcp-server-time: the runner's descendant that runs it (not bwrap, whose
    /// command line names it too). The sandboxed server's environment names nothing of the harness.
    func serverPID(_ harness: WorkloadHarness) -> Int32? {
        func arguments(_ pid: Int32) -> [String] {
            let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        }
        func parent(_ pid: Int32) -> Int32? {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            return stat[stat.index(after: close)...].split(separator: " ").dropFirst().first.flatMap { Int32($0) }
        }
        let runners = Set(harness.processes().filter { arguments($0).contains("proxy-runner") })
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).first { pid in
            let argv = arguments(pid)
            guard argv.contains(where: { $0.hasSuffix("mcp-server-time") }), argv.first?.hasSuffix("bwrap") == false
            else { return false }
            var ancestor = parent(pid)
            for _ in 0..<16 {
                guard let current = ancestor, current > 1 else { return false }
                if runners.contains(current) { return true }
                ancestor = parent(current)
            }
            return false
        }
    }

    @Test(
        "proxy calls and latency, secrets reads by outcome and a server restart show in /metrics, which needs a token")
    func runnerMetricsReachTheScrape() async throws {
        try await withHarness(extraEnvironment: ["HIVEKEEP_SECRETS_PASSWORD": Self.password]) { harness in
            try await harness.startServer()
            #expect(try RawHTTP.request("GET", "/metrics", to: .tcp(port: harness.port)).status == 401)
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let secret = #"{"key":"clock-key","value":"clock-value"}"#
            #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", secret).status == 201)

            // Starting a workload reads its secrets in the API server: one get, ok.
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"clock","image":"uvx://mcp-server-time","cmd_arguments":["--local-timezone","UTC"],"#
                    + #""secrets":[{"name":"clock-key","target":"CLOCK_KEY"}]}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("clock", "running", timeout: .seconds(240))
            // A missing secret: a 400, and a get counted not_found.
            let missing = try harness.api(
                "POST", "/api/v1beta/workloads",
                #"{"name":"lost","image":"uvx://mcp-server-time","secrets":[{"name":"no-such-key","target":"K"}]}"#)
            #expect(missing.status == 400)
            let secrets = try scrape(harness)
            let operations = "hivekeep_secrets_operations_total"
            #expect(secrets.value(operations, ["provider": "encrypted", "operation": "get", "outcome": "ok"]) >= 1)
            #expect(
                secrets.value(operations, ["provider": "encrypted", "operation": "get", "outcome": "not_found"]) >= 1)
            #expect(secrets.value(operations, ["provider": "encrypted", "operation": "create", "outcome": "ok"]) == 1)

            let url = "http://127.0.0.1:\(port)/mcp"
            let calls = 3
            for _ in 0..<calls {
                let called = try await harness.mcpClient(
                    url, "streamable", ["call", "get_current_time", #"{"timezone":"UTC"}"#])
                #expect(called["is_error"] as? Bool == false)
            }
            let requests = "hivekeep_proxy_requests_total"
            let clockCalls = ["workload": "clock", "method": "tools/call", "outcome": "ok"]
            let served = try await scrape(
                harness, until: { $0.value(requests, clockCalls) >= Double(calls) }, "the calls")
            #expect(served.types[requests] == "counter")
            // Each client also opens (initialize or server/discover) and lists; every method is of the fixed set.
            let methods = Set(served.samples(requests, ["workload": "clock"]).compactMap { $0.labels["method"] })
            #expect(methods.contains("tools/list") && methods.isSubset(of: Self.knownMethods))
            let count = served.value("hivekeep_proxy_request_duration_seconds_count", ["workload": "clock"])
            #expect(count >= Double(calls))
            let infinite = served.samples(
                "hivekeep_proxy_request_duration_seconds_bucket", ["workload": "clock", "le": "+Inf"])
            #expect(infinite.map(\.value) == [count])
            #expect(served.value("hivekeep_workload_restarts_total", ["workload": "clock", "source": "runner"]) == 0)

            // Kill the MCP server (not the runner): the runner restarts it and counts the restart.
            let server = try #require(serverPID(harness), "mcp-server-time is not running")
            kill(server, SIGKILL)
            let restarted = try await scrape(
                harness,
                until: {
                    $0.value("hivekeep_workload_restarts_total", ["workload": "clock", "source": "runner"]) >= 1
                },
                "the restart")
            #expect(
                restarted.value("hivekeep_workload_restarts_total", ["workload": "clock", "source": "runner"]) == 1)
            try await harness.waitFor("clock", "running", timeout: .seconds(120))
            _ = try await harness.mcpClient(url, "streamable", ["call", "get_current_time", #"{"timezone":"UTC"}"#])
            // The same runner: its counters went on growing across the server's restart.
            let after = try await scrape(
                harness, until: { $0.value(requests, clockCalls) >= Double(calls + 1) }, "the call after the restart")
            #expect(after.value("hivekeep_proxy_request_duration_seconds_count", ["workload": "clock"]) > count)

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/clock").status == 202)
            try await harness.waitUntilDeleted("clock")
            #expect(try scrape(harness).samples(requests, ["workload": "clock"]).isEmpty)
        }
    }

    @Test("a runner killed with SIGKILL and started again by serve's reconciler counts as a reconciler restart")
    func reconcilerRestart() async throws {
        let environment = ["HIVEKEEP_STOP_GRACE": "1", "HIVEKEEP_RECONCILE_INTERVAL_MS": "300"]
        try await withHarness(extraEnvironment: environment) { harness in
            try await harness.startServer()
            let script = try harness.envServerScript()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"phoenix","image":"exec://\#(script)"}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("phoenix", "running")
            let restarts = "hivekeep_workload_restarts_total"
            let started = "hivekeep_workload_runner_start_time_seconds"
            let first = try await scrape(
                harness, until: { $0.value(started, ["workload": "phoenix"]) > 0 }, "the runner")
            #expect(first.samples(restarts, ["workload": "phoenix", "source": "reconciler"]).isEmpty)
            let runner = try #require(OpsFixtures.runnerPID(of: "phoenix", in: harness))

            kill(runner, SIGKILL)
            let again = try await scrape(
                harness,
                until: {
                    $0.value(restarts, ["workload": "phoenix", "source": "reconciler"]) >= 1
                        && $0.value(started, ["workload": "phoenix"]) > first.value(started, ["workload": "phoenix"])
                }, "the reconciler's restart")
            #expect(again.value(restarts, ["workload": "phoenix", "source": "reconciler"]) == 1)
            // The new runner's counters start again from zero (a counter reset for Prometheus).
            #expect(again.value(restarts, ["workload": "phoenix", "source": "runner"]) == 0)
            try await harness.waitFor("phoenix", "running")
            _ = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "echo", #"{"text":"x"}"#])

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/phoenix").status == 202)
            try await harness.waitUntilDeleted("phoenix")
        }
    }

    @Test(
        "serve --metrics-listen serves /metrics without a token on loopback (Host checked); a non-loopback one is refused"
    )
    func loopbackListener() async throws {
        try await withHarness { harness in
            let hivekeep = try TestProducts.executable("hivekeep")
            let refused = try ChildProcess(
                hivekeep, ["serve", "--port", "\(harness.port)", "--metrics-listen", "0.0.0.0:9464"],
                environment: harness.environment, logDirectory: harness.directory.path)
            #expect(try await refused.wait(timeout: .seconds(30)) != 0)
            #expect(refused.errorOutput.contains("only on loopback"))
            #expect(!RawHTTP.isListening(.tcp(port: harness.port)))

            let metricsPort = try RawHTTP.freePort()
            let server = try ChildProcess(
                hivekeep, ["serve", "--port", "\(harness.port)", "--metrics-listen", "127.0.0.1:\(metricsPort)"],
                environment: harness.environment, logDirectory: harness.directory.path)
            for _ in 0..<500 where !RawHTTP.isListening(.tcp(port: metricsPort)) {
                try await Task.sleep(for: .milliseconds(20))
            }
            let open = try RawHTTP.request("GET", "/metrics", to: .tcp(port: metricsPort))
            #expect(open.status == 200, "\(server.errorOutput)")
            #expect(try PrometheusText(open.body).types["hivekeep_workloads"] == "gauge")
            #expect(try RawHTTP.request("GET", "/api/v1beta/workloads", to: .tcp(port: metricsPort)).status == 404)
            // A rebinding page's request names its own host: refused.
            let rebound = try RawHTTP.request(
                "GET", "/metrics", to: .tcp(port: metricsPort), headers: ["Host": "evil.example:\(metricsPort)"])
            #expect(rebound.status == 403)
            let loopback = try RawHTTP.request(
                "GET", "/metrics", to: .tcp(port: metricsPort), headers: ["Host": "127.0.0.1:\(metricsPort)"])
            #expect(loopback.status == 200)
            #expect(try RawHTTP.request("GET", "/metrics", to: .tcp(port: harness.port)).status == 401)
            server.signal(SIGTERM)
            #expect(try await server.wait(timeout: .seconds(20)) == 0)
            #expect(!RawHTTP.isListening(.tcp(port: metricsPort)))
        }
    }
}
