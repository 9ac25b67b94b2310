import Foundation
import HiveKeepClients
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Testing
import Yams

@Suite("The proxy token in client files", .timeLimit(.minutes(2)))
struct ClientTokenTests {
    static let entries = [
        ClientWorkloadEntry(name: "time", url: "http://127.0.0.1:4000/mcp", transport: .streamableHTTP),
        ClientWorkloadEntry(name: "git", url: "http://127.0.0.1:4001/sse#git", transport: .sse),
    ]

    /// The token file the workload's proxy checks, read directly.
    static func proxyToken(_ fixture: WorkloadsFixture, _ name: String) throws -> String {
        let text = try String(contentsOfFile: fixture.paths.dataDirectory + "/statuses/\(name).token", encoding: .utf8)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("a Cursor file written by HiveKeep has the workload's bearer header; a user's same-named entry is a 409")
    func cursorHeader() async throws {
        let fixture = try WorkloadsFixture(entries: Self.entries)
        defer { fixture.directory.remove() }
        let service = fixture.clients()
        try await service.register("cursor", groups: [])
        let cursor = fixture.home + "/.cursor/mcp.json"
        #expect(try Self.mode(cursor) == 0o600)
        let token = try Self.proxyToken(fixture, "time")
        #expect(token.count == 64)
        let entry = try #require(try await service.writtenEntry(for: "time", in: .cursor))
        #expect(entry.url == "http://127.0.0.1:4000/mcp")
        #expect(entry.headers == ["Authorization": "Bearer \(token)"])
        let git = try await service.writtenEntry(for: "git", in: .cursor)
        #expect(git?.headers["Authorization"] == "Bearer \(try Self.proxyToken(fixture, "git"))")
        #expect(token != (try Self.proxyToken(fixture, "git")))
        // A user's entry of the same name in another client's file: 409, left byte for byte.
        let vscode = fixture.directory.child("config/Code/User/mcp.json")
        let mine = "{\"servers\": {\"time\": {\"type\": \"http\", \"url\": \"https://example.com/mcp\"}}}\n"
        try fixture.write(mine, to: vscode)
        let error = try await #require(throws: HiveKeepError.self) { try await service.register("vscode", groups: []) }
        #expect(error.code == .conflict)
        #expect(error.message.contains(vscode) && error.message.contains("'time'"))
        #expect(!error.message.contains(token))
        #expect(try fixture.read(vscode) == mine)
        #expect(try await service.writtenEntry(for: "time", in: .vscode)?.headers.isEmpty == true)
    }

    @Test("goose gets the header on streamable HTTP extensions only, Continue never, and registration says so")
    func yamlHeaders() async throws {
        let fixture = try WorkloadsFixture(entries: Self.entries)
        defer { fixture.directory.remove() }
        let goosePath = fixture.directory.child("config/goose/config.yaml")
        let mine = "extensions:\n  git:\n    cmd: my-git # mine\n    type: stdio\n"
        try fixture.write(mine, to: goosePath)
        let service = fixture.clients()
        let error = try await #require(throws: HiveKeepError.self) { try await service.register("goose", groups: []) }
        #expect(error.code == .conflict && error.message.contains("'git'"))
        #expect(try fixture.read(goosePath) == mine)
        try fixture.write("GOOSE_MODEL: x\n", to: goosePath)
        try await service.register("goose", groups: [])
        let document = try #require(try Yams.load(yaml: try fixture.read(goosePath)) as? [String: Any])
        let extensions = try #require(document["extensions"] as? [String: Any])
        let time = try #require(extensions["time"] as? [String: Any])
        #expect(time["type"] as? String == "streamable_http")
        #expect(
            time["headers"] as? [String: String] == ["Authorization": "Bearer \(try Self.proxyToken(fixture, "time"))"])
        let git = try #require(extensions["git"] as? [String: Any])
        #expect(git["type"] as? String == "sse")
        #expect(git["headers"] == nil)
        #expect(ClientType.goose.proxyAuthenticationWarning?.contains("SSE") == true)
        try await service.register("continue", groups: [])
        let continuePath = fixture.home + "/.continue/config.yaml"
        #expect(try fixture.read(continuePath).contains("Authorization") == false)
        #expect(try await service.writtenEntry(for: "time", in: .continue)?.url == "http://127.0.0.1:4000/mcp")
        #expect(ClientType.continue.proxyAuthenticationWarning?.contains("proxy_auth: none") == true)
        #expect(ClientType.cursor.proxyAuthenticationWarning == nil)
        try await service.unregister("goose")
        #expect(try fixture.read(goosePath) == "GOOSE_MODEL: x\nextensions: {}\n")
    }

    @Test("an entry exactly as HiveKeep wrote it before it carried tokens is taken over and gets the header")
    func legacyEntryTakenOver() async throws {
        let fixture = try WorkloadsFixture(entries: [Self.entries[0]])
        defer { fixture.directory.remove() }
        let cursor = fixture.home + "/.cursor/mcp.json"
        try fixture.write(
            "{\"mcpServers\": {\"time\": {\"url\": \"http://127.0.0.1:4000/mcp\", \"type\": \"http\"}}}\n", to: cursor)
        let service = fixture.clients()
        try await service.register("cursor", groups: [])
        let entry = try await service.writtenEntry(for: "time", in: .cursor)
        #expect(entry?.headers["Authorization"] == "Bearer \(try Self.proxyToken(fixture, "time"))")
        try await service.unregister("cursor")
        #expect(try fixture.read(cursor) == "{\"mcpServers\": {}}\n")
    }

    @Test("an entry's description never shows its token")
    func entryDescriptionRedacted() {
        let entry = ClientWorkloadEntry(
            name: "time", url: "http://127.0.0.1:1/mcp", transport: .sse, bearerToken: "s3cr3t-token")
        #expect(!"\(entry)".contains("s3cr3t"))
        #expect(!String(reflecting: entry).contains("s3cr3t"))
        #expect("\(entry)".contains("redacted"))
    }
}
