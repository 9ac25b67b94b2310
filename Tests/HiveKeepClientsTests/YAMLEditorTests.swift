import HiveKeepCore
import Testing

@testable import HiveKeepClients

@Suite("Editing YAML client files")
struct YAMLEditorTests {
    static let entry = ClientWorkloadEntry(name: "time", url: "http://127.0.0.1:4000/mcp", transport: .streamableHTTP)

    static func upsert(_ text: String, _ client: ClientType) throws -> String {
        let bytes = try ClientConfigEditor.upsert(Array(text.utf8), shape: client.spec.shape, entry: entry)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func remove(_ text: String, _ client: ClientType) throws -> String {
        let bytes = try ClientConfigEditor.remove(Array(text.utf8), shape: client.spec.shape, name: "time")
        return String(decoding: bytes, as: UTF8.self)
    }

    static let gooseFile = """
        # Goose configuration
        GOOSE_PROVIDER: openai   # my provider
        extensions:
          developer:
            enabled: true   # built in
            name: developer
            type: builtin

          # a remote one I added
          "my remote":
            uri: 'http://example.com/sse'
            type: sse
        GOOSE_MODEL: gpt-4o
        """

    @Test("a Goose extension is added under extensions and removed again leaving every byte as it was")
    func gooseRoundTrip() throws {
        let registered = try Self.upsert(Self.gooseFile, .goose)
        #expect(
            registered.contains(
                """
                    type: sse
                  time:
                    name: "time"
                    uri: "http://127.0.0.1:4000/mcp"
                    type: "streamable_http"
                    enabled: true
                    timeout: 60
                    description: ""
                GOOSE_MODEL: gpt-4o
                """))
        #expect(try Self.remove(registered, .goose) == Self.gooseFile)
    }

    @Test("a Goose extension that exists is replaced in place and the file is created when missing")
    func gooseReplaceAndCreate() throws {
        let original = "extensions:\n  time:\n    uri: old # stale\n  other:\n    enabled: false\n"
        let replaced = try Self.upsert(original, .goose)
        #expect(replaced.hasPrefix("extensions:\n  time:\n    name: \"time\"\n"))
        #expect(replaced.hasSuffix("  other:\n    enabled: false\n"))
        #expect(!replaced.contains("stale"))
        let fresh = try Self.upsert("", .goose)
        #expect(fresh.hasPrefix("extensions:\n  time:\n    name: \"time\"\n"))
        #expect(try Self.remove(fresh, .goose) == "extensions: {}\n")
        #expect(try Self.upsert("extensions: {}\n", .goose).hasPrefix("extensions:\n  time:\n"))
    }

    static let continueFile = """
        name: Local Assistant   # shown in the UI
        version: 1.0.0
        mcpServers:
          # my own server
          - name: sqlite
            command: uvx
            args: ["mcp-server-sqlite"]
          - type: sse
            name: 'remote'
            url: http://example.com/sse
        models: []

        """

    @Test("a Continue server is appended to mcpServers and removed again leaving every byte as it was")
    func continueRoundTrip() throws {
        let registered = try Self.upsert(Self.continueFile, .continue)
        #expect(
            registered.contains(
                """
                    url: http://example.com/sse
                  - name: "time"
                    type: "streamable-http"
                    url: "http://127.0.0.1:4000/mcp"
                models: []
                """))
        #expect(try Self.remove(registered, .continue) == Self.continueFile)
        let twice = try Self.upsert(registered, .continue)
        #expect(twice == registered)
    }

    @Test("a Continue server matched by a name on a later line is replaced")
    func continueMatchesLaterName() throws {
        let original = "mcpServers:\n- type: sse\n  name: time\n  url: old\n"
        let replaced = try Self.upsert(original, .continue)
        #expect(
            replaced
                == "mcpServers:\n- name: \"time\"\n  type: \"streamable-http\"\n  url: \"http://127.0.0.1:4000/mcp\"\n")
        #expect(try Self.remove(replaced, .continue) == "mcpServers: []\n")
    }

    @Test(
        "invalid YAML, a non-mapping document and a flow collection are invalid-argument errors",
        arguments: ["a: [unclosed\n", "- just\n- a list\n", "extensions: {developer: {enabled: true}}\n"])
    func malformed(text: String) throws {
        let error = try #require(throws: HiveKeepError.self) { try Self.upsert(text, .goose) }
        #expect(error.code == .invalidArgument)
    }
}
