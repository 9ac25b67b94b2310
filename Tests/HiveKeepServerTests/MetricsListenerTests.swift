import HTTPTypes
import HiveKeepCore
import HiveKeepTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveKeepServer

@Suite("--metrics-listen: the loopback metrics listener")
struct MetricsListenerTests {
    @Test("HOST:PORT on loopback is accepted; another host, a bad port or no port is a clear error")
    func parsesAddress() throws {
        #expect(try MetricsListener.address(parsing: "127.0.0.1:9464") == ("127.0.0.1", 9464))
        #expect(try MetricsListener.address(parsing: "[::1]:9464") == ("::1", 9464))
        #expect(try MetricsListener.address(parsing: "localhost:1") == ("localhost", 1))
        for bad in ["0.0.0.0:9464", "192.168.1.2:9464", "example.com:9464"] {
            let error = #expect(throws: HiveKeepError.self) { try MetricsListener.address(parsing: bad) }
            #expect(error?.message.contains("only on loopback") == true, "\(bad)")
        }
        for bad in ["127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:port"] {
            let error = #expect(throws: HiveKeepError.self) { try MetricsListener.address(parsing: bad) }
            #expect(error?.message.contains("HOST:PORT") == true, "\(bad)")
        }
    }

    @Test("GET /metrics needs no token there and nothing else is served")
    func servesOnlyMetrics() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let dependencies = try ServerDependencies.standard(
            paths: test.paths, environment: EnvironmentValues(test.directory.isolatedEnvironment()),
            logger: test.logs.logger)
        let app = Application(router: MetricsListener.router(dependencies: dependencies))
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let parsed = try PrometheusText(String(buffer: response.body))
                #expect(parsed.types["hivekeep_workloads"] == "gauge")
                #expect(parsed.samples("hivekeep_workloads").count > 1)
            }
            for uri in ["/api/v1beta/workloads", "/api/v1beta/secrets/default/keys", "/health"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .notFound, "\(uri)") }
            }
        }
    }
}

extension MetricsListenerTests {
    @Test("the host of an authority, IPv6 in brackets")
    func hostPart() {
        #expect(MetricsListener.hostPart(of: "127.0.0.1:9464") == "127.0.0.1")
        #expect(MetricsListener.hostPart(of: "[::1]:9464") == "[::1]")
        #expect(MetricsListener.hostPart(of: "evil.example") == "evil.example")
    }
}
