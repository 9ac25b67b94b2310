import Foundation
import HiveKeepTestSupport
import Testing

/// A registry entry that marks a variable secret: the value given in `env_vars` moves to the secrets provider.
@Suite("registry-marked secret variables", .serialized, .timeLimit(.minutes(5)))
struct RegistrySecretTests {
    static let value = "registry-SECRET-value-5521"

    /// A registry file with one entry, `env-test`, running the env-reporting server and declaring `API_KEY` secret
    /// and `REGION` required with a default-less rule.
    func registry(_ harness: WorkloadHarness) throws -> String {
        let entry: [String: Any] = [
            "description": "Reports its environment (HiveKeep tests).", "tier": "Community", "status": "Active",
            "transport": "stdio", "tools": ["read_env", "env_names", "pid", "echo"],
            "image": "exec://\(try harness.envServerScript())",
            "env_vars": [
                ["name": "API_KEY", "description": "The key.", "required": true, "secret": true],
                ["name": "REGION", "description": "Where.", "required": false, "default": "eu-west-1"],
            ],
        ]
        let document: [String: Any] = [
            "version": "1.0.0", "last_updated": "2026-11-29T00:00:00Z", "servers": ["env-test": entry],
        ]
        let path = harness.directory.child("registry.json")
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a secret variable given in env_vars is stored in the provider and referenced; defaults are added")
    func secretVariableIsMoved() async throws {
        try await withHarness(extraEnvironment: ["HIVEKEEP_SECRETS_PASSWORD": "registry-test-vault-pw"]) { harness in
            try await harness.startServer()
            let registry = try registry(harness)
            #expect(
                try harness.api("PUT", "/api/v1beta/registry/default", #"{"local_path":"\#(registry)"}"#).status == 200)

            let missing = try harness.api("POST", "/api/v1beta/workloads", #"{"name":"reg","image":"env-test"}"#)
            #expect(missing.status == 400)
            #expect(missing.body.contains("missing required environment variable: API_KEY"))
            // No provider is set up yet: the value cannot be stored, so nothing is created.
            let noProvider = try harness.api(
                "POST", "/api/v1beta/workloads",
                #"{"name":"reg","image":"env-test","env_vars":{"API_KEY":"\#(Self.value)"}}"#)
            #expect(noProvider.status == 400)
            #expect(!noProvider.body.contains(Self.value))
            #expect(try harness.api("GET", "/api/v1beta/workloads/reg").status == 404)

            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let unknownSecret = try harness.api(
                "POST", "/api/v1beta/workloads",
                #"{"name":"ghost-ref","image":"exec:///bin/true","secrets":[{"name":"no-such-key","target":"TOKEN"}]}"#)
            #expect(unknownSecret.status == 400)
            #expect(unknownSecret.body.contains("secrets not found in the provider: no-such-key"))
            #expect(try harness.api("GET", "/api/v1beta/workloads/ghost-ref").status == 404)
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"reg","image":"env-test","env_vars":{"API_KEY":"\#(Self.value)"}}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("reg", "running")
            let url = "http://127.0.0.1:\(port)/mcp"
            let key = try await harness.mcpClient(url, "streamable", ["call", "read_env", #"{"name":"API_KEY"}"#])
            #expect(key["content"] as? [String] == [Self.value])
            let region = try await harness.mcpClient(url, "streamable", ["call", "read_env", #"{"name":"REGION"}"#])
            #expect(region["content"] as? [String] == ["eu-west-1"])

            let exported = try harness.api("GET", "/api/v1beta/workloads/reg/export")
            #expect(exported.status == 200)
            #expect(exported.body.contains(#""reg-api_key,target=API_KEY""#))
            #expect(!exported.body.contains(Self.value))
            let keys = try harness.json("GET", "/api/v1beta/secrets/default/keys")["keys"] as? [[String: Any]] ?? []
            #expect(keys.compactMap { $0["key"] as? String }.contains("reg-api_key"))
            let files =
                FileManager.default.enumerator(atPath: harness.directory.path)?.compactMap { $0 as? String } ?? []
            for file in files where !file.hasPrefix("client-logs") {
                let data = FileManager.default.contents(atPath: harness.directory.child(file)) ?? Data()
                #expect(data.range(of: Data(Self.value.utf8)) == nil, "file \(file)")
            }
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/reg").status == 202)
            try await harness.waitUntilDeleted("reg")
        }
    }
}
