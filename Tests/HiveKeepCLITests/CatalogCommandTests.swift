import Foundation
import HiveKeepTestSupport
import Testing

/// `hivekeep registry`, `group` and `client` as a user runs them, with the real binary and a throwaway HOME.
@Suite("hivekeep registry, group and client", .serialized, .timeLimit(.minutes(3)))
struct CatalogCommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func hivekeep(_ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
        let process = try ChildProcess(
            try TestProducts.executable("hivekeep"),
            arguments,
            environment: directory.isolatedEnvironment(),
            logDirectory: directory.path
        )
        let status = try await process.wait(timeout: .seconds(60))
        return (status, process.output, process.errorOutput)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("registry list --json shows the built-in registry; set and reset switch the source")
    func registrySourceSwitch() async throws {
        defer { directory.remove() }
        let builtIn = try json(try await hivekeep(["registry", "list", "--json"]).output)
        let servers = try #require(builtIn["servers"] as? [[String: Any]])
        #expect(servers.contains { $0["name"] as? String == "time" })
        #expect(builtIn["remote_servers"] is [Any])

        let custom = directory.child("registry.json")
        let document = #"""
            {"version": "1.0.0", "last_updated": "2026-11-29T00:00:00Z",
             "servers": {"only-one": {"description": "A test server that HiveKeep's tests register.", "image": "uvx://only-one",
               "transport": "stdio", "tier": "Community", "status": "Active", "tools": ["ping"]}}}
            """#
        try document.write(toFile: custom, atomically: true, encoding: .utf8)
        let set = try await hivekeep(["registry", "set", "--local-path", custom])
        #expect(set.status == 0, "\(set.error)")
        let listed = try json(try await hivekeep(["registry", "list", "--json"]).output)
        #expect((listed["servers"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["only-one"])

        try "{\"servers\": 3}".write(toFile: custom, atomically: true, encoding: .utf8)
        let invalid = try await hivekeep(["registry", "set", "--local-path", custom])
        #expect(invalid.status != 0)
        #expect(!invalid.error.isEmpty)

        #expect(try await hivekeep(["registry", "reset"]).status == 0)
        let again = try json(try await hivekeep(["registry", "list", "--json"]).output)
        #expect((again["servers"] as? [Any])?.count == servers.count)
    }

    @Test("groups are created once, listed, and removed; default cannot be removed")
    func groupLifecycle() async throws {
        defer { directory.remove() }
        #expect(try await hivekeep(["group", "create", "research"]).status == 0)
        let duplicate = try await hivekeep(["group", "create", "research"])
        #expect(duplicate.status != 0)
        #expect(duplicate.error.contains("already exists"))
        #expect(try await hivekeep(["group", "create", "bad name!"]).status != 0)
        let listed = try await hivekeep(["group", "list", "--json"]).output
        #expect(listed.contains("\"research\""))
        #expect(listed.contains("\"default\""))
        #expect(try await hivekeep(["group", "rm", "default"]).status != 0)
        #expect(try await hivekeep(["group", "rm", "research"]).status == 0)
        #expect(!(try await hivekeep(["group", "list", "--json"]).output.contains("\"research\"")))
    }

    @Test("client register records the client in the group; an unknown client is refused")
    func clientRegistration() async throws {
        defer { directory.remove() }
        try FileManager.default.createDirectory(
            atPath: directory.child("home/.cursor"), withIntermediateDirectories: true)
        let registered = try await hivekeep(["client", "register", "cursor"])
        #expect(registered.status == 0)
        #expect(!registered.error.contains("warning"))
        let continueClient = try await hivekeep(["client", "register", "continue"])
        #expect(continueClient.status == 0)
        #expect(continueClient.error.contains("warning: continue does not send HTTP headers"))
        #expect(continueClient.error.contains("proxy_auth: none"))
        let status = try json(try await hivekeep(["client", "status", "--json"]).output)
        let clients = try #require(status["clients"] as? [[String: Any]])
        let cursor = try #require(clients.first { $0["client_type"] as? String == "cursor" })
        #expect(cursor["installed"] as? Bool == true)
        #expect(cursor["registered"] as? Bool == true)
        let unknown = try await hivekeep(["client", "register", "notepad"])
        #expect(unknown.status != 0)
        #expect(try await hivekeep(["client", "remove", "cursor"]).status == 0)
        let after = try json(try await hivekeep(["client", "status", "--json"]).output)
        let cursorAfter = (after["clients"] as? [[String: Any]])?.first { $0["client_type"] as? String == "cursor" }
        #expect(cursorAfter?["registered"] as? Bool == false)
    }
}
