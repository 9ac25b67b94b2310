import Foundation
import HiveKeepClients
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Testing

@Suite("Client service", .timeLimit(.minutes(2)))
struct ClientServiceTests {
    static let entries = [
        ClientWorkloadEntry(name: "time", url: "http://127.0.0.1:4000/mcp", transport: .streamableHTTP),
        ClientWorkloadEntry(name: "git", url: "http://127.0.0.1:4001/sse#git", transport: .sse),
    ]

    @Test("registering writes the running workloads into the client's file and records the groups")
    func registerWritesEntries() async throws {
        let fixture = try WorkloadsFixture(entries: Self.entries)
        defer { fixture.directory.remove() }
        let cursor = fixture.home + "/.cursor/mcp.json"
        let original = "{\n  // mine\n  \"mcpServers\": {\n    \"own\": {\"command\": \"x\"},\n  },\n}\n"
        try fixture.write(original, to: cursor)
        let groups = fixture.groups()
        let service = fixture.clients(groups: groups)
        #expect(try await service.register("cursor", groups: []) == ["default"])
        let written = try fixture.read(cursor)
        let tokens = ClientProxyTokens(paths: fixture.paths)
        #expect(
            written.contains(
                "\"time\": {\n      \"url\": \"http://127.0.0.1:4000/mcp\",\n      \"type\": \"http\",\n"
                    + "      \"headers\": {\n        \"Authorization\": \"Bearer \(try tokens.token(for: "time"))\"\n"
                    + "      }\n    },"))
        #expect(
            written.contains(
                "\"git\": {\n      \"url\": \"http://127.0.0.1:4001/sse#git\",\n      \"type\": \"sse\",\n"
                    + "      \"headers\": {\n        \"Authorization\": \"Bearer \(try tokens.token(for: "git"))\"\n"
                    + "      }\n    },"))
        #expect(try await groups.get("default").registeredClients == ["cursor"])
        #expect(try await service.list() == [RegisteredClient(name: "cursor", groups: ["default"])])
        try await service.unregister("cursor")
        #expect(try fixture.read(cursor) == original)
        #expect(try await service.list().isEmpty)
    }

    @Test("an unknown client is an invalid-argument error even with nothing to write")
    func unknownClient() async throws {
        let fixture = try WorkloadsFixture()
        defer { fixture.directory.remove() }
        let service = fixture.clients()
        for call in [
            { try await service.register("notepad", groups: []) },
            { try await service.register(names: ["vscode", "notepad"], groups: []) },
            { try await service.unregister("notepad") },
            { try await service.unregister("notepad", fromGroup: "default") },
        ] as [@Sendable () async throws -> Void] {
            let error = try await #require(throws: HiveKeepError.self) { try await call() }
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("unsupported client type 'notepad'"))
        }
        #expect(try await service.list().isEmpty)
    }

    @Test("bulk registration without groups is global, with groups needs them to exist, and names are required")
    func bulkRegistration() async throws {
        let fixture = try WorkloadsFixture()
        defer { fixture.directory.remove() }
        let groups = fixture.groups()
        let service = fixture.clients(groups: groups)
        try await service.register(names: ["zed", "goose"], groups: [])
        #expect(
            try await ConfigStore(path: fixture.paths.configFile).load().clients.registeredClients == ["goose", "zed"])
        let missing = try await #require(throws: HiveKeepError.self) {
            try await service.register(names: ["zed"], groups: ["ghost"])
        }
        #expect(missing.code == .notFound)
        let empty = try await #require(throws: HiveKeepError.self) { try await service.register(names: [], groups: []) }
        #expect(empty.message == "at least one client name is required")
        try await groups.create("team")
        try await service.register(names: ["zed"], groups: ["team"])
        #expect(try await service.list().contains(RegisteredClient(name: "zed", groups: ["team"])))
        try await service.unregister(names: ["zed"], groups: ["team"])
        #expect(
            try await service.list() == [
                RegisteredClient(name: "goose", groups: []), RegisteredClient(name: "zed", groups: []),
            ])
        try await service.unregister(names: ["zed", "goose"], groups: [])
        #expect(try await service.list().isEmpty)
    }

    @Test("discovery lists all 21 clients in order, installed when their directory exists")
    func discovery() async throws {
        let fixture = try WorkloadsFixture()
        defer { fixture.directory.remove() }
        try FileManager.default.createDirectory(atPath: fixture.home + "/.cursor", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: fixture.directory.child("config/Code/User"), withIntermediateDirectories: true)
        let service = fixture.clients()
        try await service.register("vscode", groups: [])
        let statuses = try await service.discover()
        #expect(statuses.count == 21)
        #expect(statuses.first?.client == .rooCode)
        #expect(statuses.last?.client == .zed)
        let installed = statuses.filter(\.installed).map(\.client)
        #expect(installed == [.vscode, .cursor, .ampVSCode])
        #expect(statuses.filter(\.registered).map(\.client) == [.vscode])
        #expect(statuses.first { $0.client == .claudeCode }?.installed == false)
    }

    @Test("a workload starting or stopping is written to and removed from the files of its group's clients")
    func workloadHooks() async throws {
        let fixture = try WorkloadsFixture()
        defer { fixture.directory.remove() }
        let service = fixture.clients()
        try await service.register("continue", groups: [])
        try await service.addWorkload(Self.entries[1], group: "default")
        let path = fixture.home + "/.continue/config.yaml"
        #expect(
            try fixture.read(path)
                == "mcpServers:\n  - name: \"git\"\n    type: \"sse\"\n    url: \"http://127.0.0.1:4001/sse#git\"\n")
        try await service.removeWorkload(named: "git", group: "default")
        #expect(try fixture.read(path) == "mcpServers: []\n")
    }

    @Test("registering over a user's same-named entry is a conflict: nothing written, the client not registered")
    func registerConflict() async throws {
        let fixture = try WorkloadsFixture(entries: Self.entries)
        defer { fixture.directory.remove() }
        let cursor = fixture.home + "/.cursor/mcp.json"
        let original = "{\"mcpServers\": {\"git\": {\"command\": \"my-git-mcp\"}}}\n"
        try fixture.write(original, to: cursor)
        let groups = fixture.groups()
        let service = fixture.clients(groups: groups)
        for call in [
            { try await service.register("cursor", groups: []) },
            { try await service.register(names: ["vscode", "cursor"], groups: []) },
        ] as [@Sendable () async throws -> Void] {
            let error = try await #require(throws: HiveKeepError.self) { try await call() }
            #expect(error.code == .conflict)
            #expect(error.message.contains(cursor) && error.message.contains("'git'"))
        }
        #expect(try fixture.read(cursor) == original)
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.child("config/Code/User/mcp.json")))
        #expect(try await service.list().isEmpty)
        // The workload hooks leave the user's entry too.
        try await service.register("vscode", groups: [])
        try await service.removeWorkload(named: "git", group: "default")
        #expect(try fixture.read(cursor) == original)
    }
}
