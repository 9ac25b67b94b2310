import Foundation
import HiveKeepCore
import Testing

@testable import HiveKeepClients

@Suite("Editing JSON with comments")
struct JSONCEditorTests {
    static let entry = ClientWorkloadEntry(name: "time", url: "http://127.0.0.1:4000/mcp", transport: .streamableHTTP)
    static let cursor = ClientType.cursor.spec.shape

    static func upsert(_ text: String, _ entry: ClientWorkloadEntry = entry) throws -> String {
        String(decoding: try ClientConfigEditor.upsert(Array(text.utf8), shape: cursor, entry: entry), as: UTF8.self)
    }

    static func remove(_ text: String, _ name: String = "time") throws -> String {
        String(decoding: try ClientConfigEditor.remove(Array(text.utf8), shape: cursor, name: name), as: UTF8.self)
    }

    static let userFile = """
        // Cursor settings, edited by hand
        {
          /* servers I run myself */
          "mcpServers": {
            "github": { "command": "gh-mcp", "args": ["--verbose",], }, // keep this
            "notes": {
              "url": "http://localhost:9000/sse", // the notes server
            },
          },
          "theme": "dark \\"solarized\\" // not a comment",
        }

        """

    @Test("registering then unregistering leaves a commented file with trailing commas byte for byte as it was")
    func roundTripKeepsEveryByte() throws {
        let registered = try Self.upsert(Self.userFile)
        #expect(
            registered.contains(
                "\"time\": {\n      \"url\": \"http://127.0.0.1:4000/mcp\",\n      \"type\": \"http\"\n    },"))
        #expect(registered.contains("// keep this"))
        #expect(registered.contains("/* servers I run myself */"))
        #expect(try Self.remove(registered) == Self.userFile)
    }

    @Test("everything outside the entry is unchanged after an insert")
    func insertOnlyAddsTheEntry() throws {
        let original = "{\n  \"mcpServers\": {\n    \"a\": {\"url\": \"x\"} // note\n  }\n}\n"
        let registered = try Self.upsert(original)
        #expect(
            registered
                == "{\n  \"mcpServers\": {\n    \"a\": {\"url\": \"x\"}, // note\n    \"time\": {\n      \"url\": \"http://127.0.0.1:4000/mcp\",\n      \"type\": \"http\"\n    }\n  }\n}\n"
        )
        #expect(try Self.remove(registered) == original)
    }

    @Test("an existing entry is replaced in place, keeping its neighbours and comments")
    func upsertReplacesExisting() throws {
        let original = "{\n  \"mcpServers\": {\n    \"time\": {\"url\": \"old\"}, // mine\n    \"b\": {}\n  }\n}"
        let updated = try Self.upsert(original)
        #expect(updated.hasPrefix("{\n  \"mcpServers\": {\n    \"time\": {\n"))
        #expect(updated.hasSuffix("}, // mine\n    \"b\": {}\n  }\n}"))
        #expect(!updated.contains("old"))
        #expect(try Self.remove(updated) == "{\n  \"mcpServers\": {\n    // mine\n    \"b\": {}\n  }\n}")
    }

    @Test("a missing file, an empty object and a missing servers key get the key created")
    func createsMissingParents() throws {
        let fresh = try Self.upsert("")
        #expect(
            fresh
                == "{\n  \"mcpServers\": {\n    \"time\": {\n      \"url\": \"http://127.0.0.1:4000/mcp\",\n      \"type\": \"http\"\n    }\n  }\n}\n"
        )
        #expect(
            try Self.upsert("{}")
                == "{\n  \"mcpServers\": {\n    \"time\": {\n      \"url\": \"http://127.0.0.1:4000/mcp\",\n      \"type\": \"http\"\n    }\n  }\n}"
        )
        #expect(try Self.remove(fresh) == "{\n  \"mcpServers\": {}\n}\n")
        let other = "{\n\t\"editor\": 1\n}"
        #expect(
            try Self.upsert(other).hasPrefix("{\n\t\"editor\": 1,\n\t\"mcpServers\": {\n\t\t\"time\": {\n\t\t\t\"url\"")
        )
    }

    @Test("single-line objects get an inline entry and lose it again without trace")
    func inlineObjects() throws {
        let original = #"{"mcpServers": {"a": {"url": "x"}}, "z": [1, 2]}"#
        let registered = try Self.upsert(original)
        #expect(
            registered
                == #"{"mcpServers": {"a": {"url": "x"}, "time": {"url": "http://127.0.0.1:4000/mcp", "type": "http"}}, "z": [1, 2]}"#
        )
        #expect(try Self.remove(registered) == original)
    }

    @Test("removing an entry that is absent, or from a missing file, changes nothing")
    func removeAbsentIsNoOp() throws {
        #expect(try Self.remove(Self.userFile) == Self.userFile)
        #expect(try Self.remove("") == "")
        #expect(try Self.remove("{\"mcpServers\": 3}") == "{\"mcpServers\": 3}")
    }

    @Test("CRLF files keep CRLF line endings")
    func crlf() throws {
        let original = "{\r\n  \"mcpServers\": {\r\n    \"a\": 1\r\n  }\r\n}\r\n"
        let registered = try Self.upsert(original)
        #expect(!registered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(try Self.remove(registered) == original)
    }

    @Test(
        "a file that is not JSON with comments, or whose servers key is not an object, is an invalid-argument error",
        arguments: ["{\"a\": }", "[1, 2]", "{\"mcpServers\": [] }", "{ /* open", "{\"a\": \"unterminated}"])
    func malformedFiles(text: String) throws {
        let error = try #require(throws: HiveKeepError.self) { try Self.upsert(text) }
        #expect(error.code == .invalidArgument)
    }

    @Test("each JSON client writes its own URL key and type")
    func entryShapes() throws {
        func fields(_ client: ClientType, _ transport: ClientWorkloadEntry.Transport) -> [ConfigValue.Field] {
            ClientConfigEditor.fields(client.spec.shape, .init(name: "t", url: "u", transport: transport))
        }
        #expect(fields(.windsurf, .sse) == [.init("serverUrl", .string("u")), .init("type", .string("sse"))])
        #expect(fields(.cline, .streamableHTTP)[1] == .init("type", .string("streamableHttp")))
        #expect(fields(.rooCode, .streamableHTTP)[1] == .init("type", .string("streamable-http")))
        #expect(fields(.opencode, .sse)[1] == .init("type", .string("remote")))
        #expect(fields(.kiro, .sse) == [.init("url", .string("u"))])
        #expect(fields(.antigravity, .sse) == [.init("serverUrl", .string("u"))])
        let amp = try ClientConfigEditor.upsert(
            Array("{}".utf8), shape: ClientType.ampCLI.spec.shape, entry: Self.entry)
        #expect(String(decoding: amp, as: UTF8.self).contains("\"amp.mcpServers\": {"))
        let vscode = try ClientConfigEditor.upsert([], shape: ClientType.vscode.spec.shape, entry: Self.entry)
        #expect(String(decoding: vscode, as: UTF8.self).hasPrefix("{\n  \"servers\": {"))
    }
}
