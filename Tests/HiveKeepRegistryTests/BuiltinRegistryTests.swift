import Foundation
import HiveKeepCore
import Testing

@testable import HiveKeepRegistry

@Suite("Built-in registry")
struct BuiltinRegistryTests {
    @Test("the built-in registry passes the widened schema with no violation")
    func builtinValidates() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(PackageResources.builtin_registry_json))
        let violations = SchemaValidator.registry.validate(value)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("at least a dozen stdio servers run from PyPI through uvx, each with tools")
    func uvxServers() throws {
        let document = try RegistryLoader.builtin()
        let uvx = document.servers.values.filter { $0.image.hasPrefix("uvx://") }
        #expect(uvx.count >= 12)
        for server in uvx {
            #expect(server.transport == "stdio", "\(server.name)")
            #expect(!server.tools.isEmpty, "\(server.name)")
            #expect(server.description.count >= 10, "\(server.name)")
        }
        #expect(document.servers.values.contains { !$0.image.contains("://") }, "some container-image entries")
        #expect(!document.remoteServers.isEmpty)
    }

    @Test("mcp-server-time is marked as tested, and names are filled from the keys")
    func timeIsTested() throws {
        let document = try RegistryLoader.builtin()
        let time = try #require(document.servers["time"])
        #expect(time.name == "time")
        #expect(time.image == "uvx://mcp-server-time")
        #expect(time.tools.sorted() == ["convert_time", "get_current_time"])
        #expect(time.customMetadata?["hivekeep_tested"] == .bool(true))
        let untested = document.servers.values.filter { $0.customMetadata?["hivekeep_tested"] != .bool(true) }
        #expect(!untested.isEmpty, "only entries the tests start are marked")
    }

    @Test("secret environment variables are marked, required ones too")
    func envVarsMarked() throws {
        let document = try RegistryLoader.builtin()
        let clickhouse = try #require(document.servers["clickhouse"]?.envVars)
        let password = try #require(clickhouse.first { $0.name == "CLICKHOUSE_PASSWORD" })
        #expect(password.secret == true)
        #expect(password.required)
        let github = try #require(document.servers["github"]?.envVars?.first)
        #expect(github.name == "GITHUB_PERSONAL_ACCESS_TOKEN" && github.secret == true && github.required)
    }

    @Test("a document survives a round trip, unknown members included")
    func roundTripKeepsUnknownMembers() throws {
        var text = RegistryFixtures.minimalRegistry()
        text = text.replacingOccurrences(
            of: "\"transport\": \"stdio\"", with: "\"transport\": \"stdio\", \"x_note\": 7")
        let document = try JSONDecoder().decode(RegistryDocument.self, from: Data(text.utf8))
        #expect(document.servers["demo"]?.extra["x_note"] == .int(7))
        let again = try JSONDecoder().decode(RegistryDocument.self, from: JSONEncoder().encode(document))
        #expect(again == document)
    }
}
