import Foundation
import HTTPTypes
import HiveKeepAuth
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HiveKeepServer

@Suite("GET /metrics: secrets operations", .timeLimit(.minutes(3)))
struct MetricsSecretsTests {
    static let keys = "/api/v1beta/secrets/default/keys"

    /// The application with a secrets service that reports to the application's own metrics, as `standard` wires it.
    func application(_ test: TestApp) throws -> some ApplicationProtocol {
        var dependencies = try ServerDependencies.standard(
            paths: test.paths, environment: EnvironmentValues(test.directory.isolatedEnvironment()),
            logger: test.logs.logger)
        var secrets = test.secretsDependencies(environment: ["HIVEKEEP_SECRETS_PASSWORD": "metrics pass"])
        secrets.observer = dependencies.metrics.secretsObserver
        dependencies.secrets = SecretsService(secrets)
        dependencies.authenticator = APIAuthenticator(mode: .none, apiToken: test.apiToken)
        return try buildApplication(
            configuration: test.configuration(), dependencies: dependencies, logger: test.logs.logger)
    }

    static func json(_ object: [String: String]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    @Test("each operation is counted by provider, operation and outcome; no key name reaches the metrics")
    func countsByOutcome() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await application(test).test(.router) { client in
            // Not set up yet: the provider is `none` and the outcome not_found.
            try await client.execute(uri: Self.keys, method: .get) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/api/v1beta/secrets", method: .post, body: Self.json(["provider_type": "encrypted"])
            ) { #expect($0.status == .created) }
            for key in ["alpha-key", "beta-key"] {
                try await client.execute(uri: Self.keys, method: .post, body: Self.json(["key": key, "value": "v"])) {
                    #expect($0.status == .created)
                }
            }
            try await client.execute(
                uri: Self.keys, method: .post, body: Self.json(["key": "alpha-key", "value": "again"])
            ) { #expect($0.status == .conflict) }
            try await client.execute(uri: "\(Self.keys)/gamma-missing", method: .delete) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "\(Self.keys)/beta-key", method: .delete) { #expect($0.status == .noContent) }
            try await client.execute(uri: Self.keys, method: .get) { #expect($0.status == .ok) }
            // The environment provider cannot list: denied.
            try await client.execute(
                uri: "/api/v1beta/secrets", method: .post, body: Self.json(["provider_type": "environment"])
            ) { #expect($0.status == .created) }
            try await client.execute(uri: Self.keys, method: .get) { #expect($0.status == .methodNotAllowed) }

            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = response.body.text
                let metrics = try PrometheusText(text)
                let name = "hivekeep_secrets_operations_total"
                #expect(metrics.types[name] == "counter")
                func count(_ provider: String, _ operation: String, _ outcome: String) -> Double {
                    metrics.value(name, ["provider": provider, "operation": operation, "outcome": outcome])
                }
                #expect(count("none", "list", "not_found") == 1)
                #expect(count("encrypted", "create", "ok") == 2)
                #expect(count("encrypted", "create", "error") == 1)
                #expect(count("encrypted", "delete", "not_found") == 1)
                #expect(count("encrypted", "delete", "ok") == 1)
                #expect(count("encrypted", "list", "ok") == 1)
                #expect(count("environment", "list", "denied") == 1)
                #expect(metrics.value(name) == 8)
                #expect(!text.contains("alpha-key") && !text.contains("gamma-missing"))
            }
        }
    }
}
