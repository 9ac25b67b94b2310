import Foundation
import HiveKeepCore
import Testing

@testable import HiveKeepRegistry

@Suite("Registry schema validation")
struct SchemaValidatorTests {
    func violations(_ text: String) throws -> [SchemaValidator.Violation] {
        SchemaValidator.registry.validate(try RegistryFixtures.value(text))
    }

    @Test("the reference registry passes the widened schema")
    func referenceValidates() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: RegistryFixtures.referenceData())
        let violations = SchemaValidator.registry.validate(value)
        #expect(violations.isEmpty, "\(violations.prefix(5))")
    }

    @Test("image accepts container references and uvx, npx and exec forms, and nothing else")
    func imageForms() throws {
        for image in ["ghcr.io/org/server:1.0", "uvx://mcp-server-time", "npx://@scope/pkg", "exec:///usr/bin/srv"] {
            #expect(try violations(RegistryFixtures.minimalRegistry(image: image)).isEmpty, "\(image)")
        }
        let bad = try violations(RegistryFixtures.minimalRegistry(image: "Bad Image!"))
        #expect(bad.map(\.path) == ["$.servers.demo.image"])
    }

    @Test("a missing required member is reported with its path")
    func missingRequired() throws {
        let text = RegistryFixtures.minimalRegistry().replacingOccurrences(of: "\"tools\": [\"demo_tool\"], ", with: "")
        let found = try violations(text)
        #expect(found.count == 1)
        #expect(found.first?.path == "$.servers.demo")
        #expect(found.first?.message.contains("'tools'") == true)
    }

    @Test("wrong types, enums, patterns, lengths and unknown members are each reported where they are")
    func severalProblems() throws {
        let text = """
            {"version": "one", "last_updated": "yesterday",
             "servers": {"demo": {"description": "short", "image": "uvx://x", "status": "Gone", "tier": "Community",
               "tools": [], "transport": "stdio", "surprise": 1,
               "env_vars": [{"name": "1BAD", "description": "A variable", "required": "yes"}]}}}
            """
        let paths = Set(try violations(text).map(\.path))
        #expect(
            paths == [
                "$.version", "$.last_updated", "$.servers.demo.description", "$.servers.demo.status",
                "$.servers.demo.tools", "$.servers.demo.surprise", "$.servers.demo.env_vars[0].name",
                "$.servers.demo.env_vars[0].required",
            ])
    }

    @Test("names with a slash are allowed, names with spaces are not")
    func entryNames() throws {
        #expect(try violations(RegistryFixtures.minimalRegistry(serverName: "io.github.example/demo")).isEmpty)
        let bad = try violations(RegistryFixtures.minimalRegistry(serverName: "has space"))
        #expect(bad.first?.message.contains("not an allowed member") == true)
    }

    @Test("the loader turns violations into one invalid-argument error that names the paths")
    func loaderMessage() throws {
        let text = RegistryFixtures.minimalRegistry(image: "Bad Image!")
        let error = try #require(throws: HiveKeepError.self) {
            try RegistryLoader.load(Data(text.utf8), origin: "test document")
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("$.servers.demo.image"))
        #expect(throws: HiveKeepError.self) { try RegistryLoader.load(Data("[1]".utf8), origin: "x") }
        #expect(throws: HiveKeepError.self) { try RegistryLoader.load(Data("{not json".utf8), origin: "x") }
    }

    @Test("a valid document with no servers at all is refused")
    func emptyRegistry() throws {
        let text = #"{"version": "1.0.0", "last_updated": "2026-01-01T00:00:00Z", "servers": {}}"#
        let error = try #require(throws: HiveKeepError.self) { try RegistryLoader.load(Data(text.utf8), origin: "x") }
        #expect(error.message.contains("no servers"))
    }
}
