import Foundation
import HTTPTypes
import HiveKeepClients
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HiveKeepServer

@Suite("Clients and discovery endpoints", .timeLimit(.minutes(3)))
struct ClientsEndpointTests {
    static let clients = "/api/v1beta/clients"

    static func post(_ client: some TestClientProtocol, _ uri: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: body))
    }

    @Test("register, list, unregister from a group and everywhere, with the reference's shapes and codes")
    func registerAndUnregister() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            try await client.execute(uri: Self.clients, method: .get) { #expect($0.body.text == "[]") }
            var response = try await Self.post(client, Self.clients, #"{"name": "vscode"}"#)
            #expect(response.status == .ok)
            #expect(
                response.body.text == #"{"groups":["default"],"name":"vscode"}"#
                    || response.body.text == #"{"name":"vscode","groups":["default"]}"#)
            response = try await Self.post(client, "/api/v1beta/groups", #"{"name": "team"}"#)
            response = try await Self.post(
                client, "\(Self.clients)/register", #"{"names": ["cursor"], "groups": ["team"]}"#)
            #expect(response.status == .ok)
            #expect(response.body.text == #"[{"name":"cursor"}]"#)
            response = try await Self.post(client, "\(Self.clients)/register", #"{"names": ["zed"]}"#)
            #expect(response.status == .ok)
            try await client.execute(uri: Self.clients, method: .get) { response in
                let list =
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]]
                let pairs = list?.map { "\($0["name"] ?? "")=\(($0["groups"] as? [String]) ?? ["nil"])" }
                #expect(pairs == ["cursor=[\"team\"]", "vscode=[\"default\"]", "zed=[]"])
            }
            try await client.execute(uri: "/api/v1beta/groups/team", method: .get) { response in
                let group =
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect(group?["registered_clients"] as? [String] == ["cursor"])
            }
            try await client.execute(uri: "\(Self.clients)/cursor/groups/team", method: .delete) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "\(Self.clients)/cursor/groups/ghost", method: .delete) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "\(Self.clients)/vscode", method: .delete) {
                #expect($0.status == .noContent)
            }
            response = try await Self.post(client, "\(Self.clients)/unregister", #"{"names": ["zed"]}"#)
            #expect(response.status == .noContent)
            try await client.execute(uri: Self.clients, method: .get) { #expect($0.body.text == "[]") }
        }
    }

    @Test(
        "unknown clients, empty names and missing groups answer 400 or 404",
        arguments: [
            ("POST", "/api/v1beta/clients", #"{"name": "notepad"}"#, 400, "unsupported client type 'notepad'"),
            ("POST", "/api/v1beta/clients", #"{"name": "vscode", "groups": ["ghost"]}"#, 404, "group not found"),
            ("POST", "/api/v1beta/clients", #"{"name": "vscode", "groups": ["Bad!"]}"#, 400, "invalid group name"),
            ("POST", "/api/v1beta/clients/register", #"{"names": []}"#, 400, "at least one client name is required"),
            ("POST", "/api/v1beta/clients/register", #"{"names": ["notepad"]}"#, 400, "unsupported client type"),
            ("POST", "/api/v1beta/clients/unregister", #"{}"#, 400, "at least one client name is required"),
            (
                "POST", "/api/v1beta/clients/unregister", #"{"names": ["vscode"], "groups": ["ghost"]}"#, 404,
                "not found"
            ),
            ("DELETE", "/api/v1beta/clients/notepad", "", 400, "unsupported client type"),
            ("DELETE", "/api/v1beta/clients/notepad/groups/default", "", 400, "unsupported client type"),
        ])
    func errors(method: String, uri: String, body: String, status: Int, message: String) async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            let response = try await client.execute(
                uri: uri, method: HTTPRequest.Method(method) ?? .get,
                body: body.isEmpty ? nil : ByteBuffer(string: body))
            #expect(response.status.code == status)
            #expect(response.body.text.contains(message), "\(response.body.text)")
        }
    }

    @Test("discovery lists every supported client with installed and registered flags")
    func discovery() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try FileManager.default.createDirectory(
            atPath: test.directory.child("home/.cursor"), withIntermediateDirectories: true)
        try await test.application().test(.router) { client in
            _ = try await Self.post(client, Self.clients, #"{"name": "goose"}"#)
            try await client.execute(uri: "/api/v1beta/discovery/clients", method: .get) { response in
                #expect(response.status == .ok)
                let body =
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                let clients = try #require(body?["clients"] as? [[String: Any]])
                #expect(clients.count == 21)
                #expect(clients.first?["client_type"] as? String == "roo-code")
                #expect(
                    clients.filter { $0["installed"] as? Bool == true }.compactMap { $0["client_type"] as? String } == [
                        "cursor"
                    ])
                #expect(
                    clients.filter { $0["registered"] as? Bool == true }.compactMap { $0["client_type"] as? String }
                        == ["goose"])
            }
        }
    }

    @Test(
        "registering a client whose file has a user's entry named like a running workload answers 409, writes nothing")
    func registerConflict() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let cursor = test.directory.child("home/.cursor/mcp.json")
        try FileManager.default.createDirectory(
            atPath: test.directory.child("home/.cursor"), withIntermediateDirectories: true)
        let original = "{\n  // mine\n  \"mcpServers\": {\"github\": {\"url\": \"https://example.com/mcp\"}}\n}\n"
        try Data(original.utf8).write(to: URL(fileURLWithPath: cursor))
        let running = RunningEntries([
            ClientWorkloadEntry(name: "github", url: "http://127.0.0.1:4100/mcp", transport: .streamableHTTP)
        ])
        try await test.application(clientWorkloads: running).test(.router) { client in
            for (uri, body) in [
                (Self.clients, #"{"name": "cursor"}"#), ("\(Self.clients)/register", #"{"names": ["cursor"]}"#),
            ] {
                let response = try await Self.post(client, uri, body)
                #expect(response.status == .conflict)
                #expect(response.body.text.contains(cursor), "\(response.body.text)")
                #expect(response.body.text.contains("'github'"))
            }
            try await client.execute(uri: Self.clients, method: .get) { #expect($0.body.text == "[]") }
        }
        #expect(try String(contentsOfFile: cursor, encoding: .utf8) == original)
    }

    @Test("registration says when a client cannot send the proxy token, and no response carries the token")
    func registrationWarnings() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let running = RunningEntries([
            ClientWorkloadEntry(name: "time", url: "http://127.0.0.1:4100/mcp", transport: .streamableHTTP)
        ])
        try await test.application(clientWorkloads: running).test(.router) { client in
            var response = try await Self.post(client, Self.clients, #"{"name": "continue"}"#)
            #expect(response.status == .ok)
            let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            let warnings = try #require(body?["warnings"] as? [String])
            #expect(warnings.first?.contains("continue does not send HTTP headers") == true)
            #expect(warnings.first?.contains("proxy_auth: none") == true)
            response = try await Self.post(client, "\(Self.clients)/register", #"{"names": ["cursor"]}"#)
            #expect(response.body.text == #"[{"name":"cursor"}]"#)
            let token = try String(
                contentsOfFile: test.paths.dataDirectory + "/statuses/time.token", encoding: .utf8
            ).trimmingCharacters(in: .whitespacesAndNewlines)
            let cursor = try String(contentsOfFile: test.directory.child("home/.cursor/mcp.json"), encoding: .utf8)
            #expect(cursor.contains("\"Authorization\": \"Bearer \(token)\""))
            try await client.execute(uri: Self.clients, method: .get) { #expect(!$0.body.text.contains(token)) }
            try await client.execute(uri: "/api/v1beta/discovery/clients", method: .get) {
                #expect(!$0.body.text.contains(token))
            }
        }
        #expect(!test.logs.records.contains { "\($0.message) \($0.metadata)".contains("Bearer") })
    }
}

/// The workload seam with fixed running entries in every group.
struct RunningEntries: GroupWorkloads {
    let entries: [ClientWorkloadEntry]
    init(_ entries: [ClientWorkloadEntry]) { self.entries = entries }
    func moveToDefault(from group: String) async throws {}
    func deleteAll(in group: String) async throws {}
    func runningEntries(in groups: [String]?) async throws -> [ClientWorkloadEntry] { entries }
}
