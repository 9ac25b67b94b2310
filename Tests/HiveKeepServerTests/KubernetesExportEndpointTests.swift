import Foundation
import HTTPTypes
import HiveKeepCore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HiveKeepServer

/// `GET /api/v1beta/workloads/{name}/export?format=k8s`: the operator resources as YAML, or a 400 saying why not.
@Suite("Kubernetes export endpoint")
struct KubernetesExportEndpointTests {
    static func save(_ app: TestApp, name: String, image: String) throws {
        var config = RunConfig()
        config.name = name
        config.baseName = name
        config.image = image
        config.transport = "streamable-http"
        config.port = 24100
        config.targetPort = 8000
        config.secrets = ["api-token,target=API_TOKEN"]
        try RunConfigStore(paths: app.paths).save(config)
    }

    @Test("a container workload answers YAML with an MCPServer whose secret is a Secret key reference")
    func containerWorkload() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try Self.save(test, name: "search", image: "ghcr.io/example/search:1.2")
        try await test.application().test(.router) { client in
            try await client.execute(uri: "/api/v1beta/workloads/search/export?format=k8s", method: .get) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml")
                let body = String(buffer: response.body)
                #expect(body.hasPrefix("---\napiVersion: toolhive.stacklok.dev/v1beta1\nkind: MCPServer\n"))
                #expect(body.contains("image: ghcr.io/example/search:1.2"))
                #expect(body.contains("targetEnvName: API_TOKEN"))
            }
        }
    }

    @Test("an exec:// workload is a 400 that says it cannot run in a cluster; an unknown one a 404")
    func refusals() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try Self.save(test, name: "local", image: "exec:///usr/bin/server")
        try await test.application().test(.router) { client in
            try await client.execute(uri: "/api/v1beta/workloads/local/export?format=k8s", method: .get) {
                response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("exec://"))
            }
            try await client.execute(uri: "/api/v1beta/workloads/nothing/export?format=k8s", method: .get) {
                #expect($0.status == .notFound)
            }
        }
    }
}
