import HTTPTypes
import HiveKeepAuth
import HiveKeepTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveKeepServer

@Suite("GET /metrics")
struct MetricsTests {
    @Test("Prometheus text counts requests by route template and status, and workloads by status; it needs a token")
    func countsRequests() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let token = try test.apiToken.ensure()
        let app = try test.application(authenticator: APIAuthenticator(mode: .token, apiToken: test.apiToken))
        let auth: HTTPFields = [.authorization: "Bearer \(token)"]
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
            for _ in 0..<3 {
                try await client.execute(uri: "/api/v1beta/workloads", method: .get, headers: auth) {
                    #expect($0.status == .ok)
                }
            }
            try await client.execute(uri: "/api/v1beta/workloads/missing", method: .get, headers: auth) {
                #expect($0.status == .notFound)
            }
            try await client.execute(
                uri: "/api/v1beta/scan/\(UInt64.random(in: 0...UInt64.max))", method: .get, headers: auth
            ) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/metrics", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = response.body.text
                #expect(
                    text.contains(
                        #"hivekeep_api_requests_total{method="GET",operation="/api/v1beta/workloads",status="200"} 3"#))
                #expect(text.contains(#"operation="/api/v1beta/workloads/{name}",status="404"} 1"#))
                #expect(text.contains(#"operation="unmatched""#))
                #expect(!text.contains("/api/v1beta/scan/"))
                #expect(
                    text.contains(#"hivekeep_api_requests_total{method="GET",operation="/metrics",status="401"} 1"#))
                #expect(text.contains("hivekeep_api_request_duration_seconds_bucket"))
                #expect(text.contains(#"hivekeep_workloads{status="running"} 0"#))
            }
        }
    }
}
