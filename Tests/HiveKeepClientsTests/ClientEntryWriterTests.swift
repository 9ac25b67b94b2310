import Foundation
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import Testing

@testable import HiveKeepClients

/// A client file and HiveKeep's record of its entries in a throwaway directory.
struct WriterFixture {
    let directory: TemporaryDirectory
    let writer: ClientEntryWriter

    init(_ client: ClientType, file: String) throws {
        directory = try TemporaryDirectory()
        writer = ClientEntryWriter(
            client: client, path: directory.child(file),
            record: ClientEntryRecord(path: directory.child("state/rec.json")))
    }

    var path: String { writer.path }

    func put(_ text: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func text() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
}

@Suite("Only HiveKeep's entries in client files")
struct ClientEntryWriterTests {
    static let github = ClientWorkloadEntry(
        name: "github", url: "http://127.0.0.1:4100/mcp", transport: .streamableHTTP)
    static let time = ClientWorkloadEntry(name: "time", url: "http://127.0.0.1:4200/mcp", transport: .streamableHTTP)

    static let cursorFile = """
        {
          // my own servers
          "mcpServers": {
            "github": { "command": "gh-mcp", "args": ["--stdio"] },
          },
        }

        """

    @Test(
        "a user's same-named JSONC entry is a conflict naming file and entry; register and remove keep it byte for byte"
    )
    func jsoncUserEntryKept() throws {
        let fixture = try WriterFixture(.cursor, file: "home/.cursor/mcp.json")
        defer { fixture.directory.remove() }
        try fixture.put(Self.cursorFile)
        let error = try #require(throws: HiveKeepError.self) { try fixture.writer.write([Self.time, Self.github]) }
        #expect(error.code == .conflict)
        #expect(error.message.contains(fixture.path))
        #expect(error.message.contains("'github'"))
        #expect(try fixture.text() == Self.cursorFile)
        #expect(throws: HiveKeepError.self) { try fixture.writer.check([Self.github]) }
        #expect(try fixture.writer.remove(["github"]) == ["github"])
        #expect(try fixture.text() == Self.cursorFile)
        #expect(try fixture.writer.record.entries(of: fixture.path).isEmpty)
    }

    @Test("HiveKeep's own JSONC entry is rewritten and removed, also after the client reformatted the file")
    func jsoncOwnEntry() throws {
        let fixture = try WriterFixture(.cursor, file: "home/.cursor/mcp.json")
        defer { fixture.directory.remove() }
        try fixture.put(Self.cursorFile)
        #expect(try fixture.writer.write([Self.time]))
        #expect(try fixture.writer.record.entries(of: fixture.path).keys.sorted() == ["time"])
        let moved = ClientWorkloadEntry(name: "time", url: "http://127.0.0.1:4999/mcp", transport: .sse)
        #expect(try fixture.writer.write([moved]))
        #expect(try fixture.text().contains("4999"))
        // The client rewrites the file in its own layout: key order, spacing, no comments.
        let own = try fixture.text()
        try fixture.put(
            #"{"mcpServers":{"github":{"args":["--stdio"],"command":"gh-mcp"},"time":{"type":"sse","url":"http://127.0.0.1:4999/mcp"}}}"#
        )
        #expect(try fixture.writer.remove(["time"]).isEmpty)
        #expect(try fixture.text() == #"{"mcpServers":{"github":{"args":["--stdio"],"command":"gh-mcp"}}}"#)
        #expect(try fixture.writer.record.entries(of: fixture.path).isEmpty)
        #expect(own.contains("\"github\": { \"command\": \"gh-mcp\""))
    }

    @Test("an entry HiveKeep wrote and the user then changed becomes the user's: not overwritten, not removed")
    func changedEntryBecomesUsers() throws {
        let fixture = try WriterFixture(.vscode, file: "config/Code/User/mcp.json")
        defer { fixture.directory.remove() }
        try fixture.writer.write([Self.time])
        let edited = try fixture.text().replacingOccurrences(of: "4200", with: "4300")
        try fixture.put(edited)
        let error = try #require(throws: HiveKeepError.self) { try fixture.writer.write([Self.time]) }
        #expect(error.code == .conflict)
        #expect(error.message.contains("was changed after HiveKeep wrote it"))
        #expect(try fixture.writer.remove(["time"]) == ["time"])
        #expect(try fixture.text() == edited)
    }

    @Test("an entry already exactly as HiveKeep would write it is taken over")
    func identicalEntryAdopted() throws {
        let fixture = try WriterFixture(.cursor, file: "home/.cursor/mcp.json")
        defer { fixture.directory.remove() }
        try fixture.put(#"{"mcpServers": {"time": {"type": "http", "url": "http://127.0.0.1:4200/mcp"}}}"#)
        try fixture.writer.write([Self.time])
        #expect(try fixture.writer.remove(["time"]).isEmpty)
        #expect(try fixture.text() == #"{"mcpServers": {}}"#)
    }

    static let gooseFile = """
        GOOSE_PROVIDER: anthropic
        extensions:
          github:
            name: github
            type: stdio
            cmd: gh-mcp   # mine
            enabled: true

        """

    @Test("a user's same-named goose extension is a conflict; register and remove keep the YAML byte for byte")
    func yamlMappingUserEntryKept() throws {
        let fixture = try WriterFixture(.goose, file: "config/goose/config.yaml")
        defer { fixture.directory.remove() }
        try fixture.put(Self.gooseFile)
        let error = try #require(throws: HiveKeepError.self) { try fixture.writer.write([Self.github]) }
        #expect(error.code == .conflict)
        #expect(error.message.contains(fixture.path) && error.message.contains("'github'"))
        #expect(try fixture.text() == Self.gooseFile)
        #expect(try fixture.writer.remove(["github"]) == ["github"])
        #expect(try fixture.text() == Self.gooseFile)
        try fixture.writer.write([Self.time])
        #expect(try fixture.text().hasPrefix(Self.gooseFile))
        #expect(try fixture.writer.remove(["time"]).isEmpty)
        #expect(try fixture.text() == Self.gooseFile)
    }

    static let continueFile = """
        mcpServers:
          - name: github
            type: streamable-http
            url: https://example.com/mcp

        """

    @Test("a user's same-named Continue server is a conflict; HiveKeep's own item is removed and the user's kept")
    func yamlSequenceUserEntryKept() throws {
        let fixture = try WriterFixture(.continue, file: "home/.continue/config.yaml")
        defer { fixture.directory.remove() }
        try fixture.put(Self.continueFile)
        let error = try #require(throws: HiveKeepError.self) { try fixture.writer.write([Self.github]) }
        #expect(error.code == .conflict)
        #expect(try fixture.text() == Self.continueFile)
        try fixture.writer.write([Self.time])
        #expect(try fixture.text().contains("name: \"time\""))
        #expect(try fixture.writer.remove(["github", "time"]) == ["github"])
        #expect(try fixture.text() == Self.continueFile)
    }

    @Test("the digest ignores layout, quoting and escapes but not values")
    func digestNormalForm() throws {
        let shape = ClientType.cursor.spec.shape
        let a = try ClientEntryDigest.current(
            Array(#"{"mcpServers": {"x": {"url": "http:\/\/h/mcp", "type": "http"}}}"#.utf8), shape: shape, name: "x")
        let b = try ClientEntryDigest.current(
            Array("{\"mcpServers\":{\n // c\n \"x\":{\"type\":\"http\",\n\"url\":\"http://h/mcp\",},},}".utf8),
            shape: shape, name: "x")
        let c = try ClientEntryDigest.current(
            Array(#"{"mcpServers": {"x": {"url": "http://h/mcp", "type": "sse"}}}"#.utf8), shape: shape, name: "x")
        #expect(a != nil && a == b)
        #expect(a != c)
        #expect(a == ClientEntryDigest.of([.init("url", .string("http://h/mcp")), .init("type", .string("http"))]))
        #expect(try ClientEntryDigest.current(Array("{}".utf8), shape: shape, name: "x") == nil)
    }

    @Test("the record is 0600, names the file and entry with a digest, and holds no token")
    func recordHoldsNoToken() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let paths = HiveKeepPaths(
            configDirectory: directory.child("c"), dataDirectory: directory.child("d"),
            stateDirectory: directory.child("s"))
        let record = ClientEntryRecord(paths: paths)
        let writer = ClientEntryWriter(
            client: .zed, path: directory.child("zed/settings.json"), record: record,
            tokens: ClientProxyTokens(paths: paths))
        try writer.write([Self.time])
        let token = try ClientProxyTokens(paths: paths).token(for: "time")
        #expect(try writer.entry(named: "time")?.headers == ["Authorization": "Bearer \(token)"])
        #expect(record.path == directory.child("s/client-entries.json"))
        let text = try String(contentsOfFile: record.path, encoding: .utf8)
        #expect(!text.contains(token))
        let digest = try #require(try record.entries(of: writer.path)["time"])
        #expect(digest.count == 64 && text.contains(digest))
        let mode = try FileManager.default.attributesOfItem(atPath: record.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try writer.remove(["time"])
        #expect(try record.entries(of: writer.path).isEmpty)
    }
}
