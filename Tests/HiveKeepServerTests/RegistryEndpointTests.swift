import Foundation
import HTTPTypes
import HiveKeepTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HiveKeepServer

@Suite("Registry endpoints", .timeLimit(.minutes(2)))
struct RegistryEndpointTests {
    static let base = "/api/v1beta/registry"

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// A registry file with a server whose name contains a slash, and a remote server.
    static func customRegistry(in test: TestApp) throws -> String {
        let path = test.directory.child("custom.json")
        let text = """
            {"version": "1.0.0", "last_updated": "2026-01-01T00:00:00Z",
             "servers": {"io.example/demo": {"description": "A demonstration server", "image": "uvx://demo-pkg",
               "status": "Active", "tier": "Community", "tools": ["demo_tool"], "transport": "stdio"}},
             "remote_servers": {"remote-demo": {"description": "A remote demonstration", "url": "https://r.example/mcp",
               "status": "Active", "tier": "Community", "tools": ["remote_tool"], "transport": "streamable-http"}}}
            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("list and get describe the built-in registry; an unknown name is 404")
    func listAndGet() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            try await client.execute(uri: Self.base, method: .get) { response in
                #expect(response.status == .ok)
                let registries = try #require(try Self.object(response)["registries"] as? [[String: Any]])
                #expect(registries.count == 1)
                #expect(registries.first?["name"] as? String == "default")
                #expect(registries.first?["type"] as? String == "default")
                #expect((registries.first?["server_count"] as? Int ?? 0) >= 12)
            }
            try await client.execute(uri: "\(Self.base)/default", method: .get) { response in
                #expect(response.status == .ok)
                let registry = try #require(try Self.object(response)["registry"] as? [String: Any])
                #expect((registry["servers"] as? [String: Any])?["time"] != nil)
            }
            try await client.execute(uri: "\(Self.base)/other", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "\(Self.base)/other/servers", method: .get) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test("servers come as two arrays, and one server is found by name, also with a percent-encoded slash")
    func serversAndServer() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let path = try Self.customRegistry(in: test)
        try await test.application().test(.router) { client in
            try await client.execute(
                uri: "\(Self.base)/default", method: .put, body: Self.body(#"{"local_path": "\#(path)"}"#)
            ) { response in
                #expect(response.status == .ok)
                let object = try Self.object(response)
                #expect(object["type"] as? String == "file")
            }
            try await client.execute(uri: "\(Self.base)/default/servers", method: .get) { response in
                let object = try Self.object(response)
                #expect((object["servers"] as? [[String: Any]])?.first?["name"] as? String == "io.example/demo")
                #expect((object["remote_servers"] as? [Any])?.count == 1)
            }
            try await client.execute(uri: "\(Self.base)/default/servers/io.example%2Fdemo", method: .get) { response in
                #expect(response.status == .ok)
                let object = try Self.object(response)
                #expect(object["is_remote"] as? Bool == false)
                #expect((object["server"] as? [String: Any])?["image"] as? String == "uvx://demo-pkg")
            }
            try await client.execute(uri: "\(Self.base)/default/servers/remote-demo", method: .get) { response in
                let object = try Self.object(response)
                #expect(object["is_remote"] as? Bool == true && object["remote_server"] != nil)
            }
            try await client.execute(uri: "\(Self.base)/default/servers/nope", method: .get) {
                #expect($0.status == .notFound)
                #expect($0.body.text.contains("Server not found"))
            }
        }
    }

    @Test("the built-in registry's servers list remote_servers as an array")
    func builtinListsArrays() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            try await client.execute(uri: "\(Self.base)/default/servers", method: .get) { response in
                let object = try Self.object(response)
                #expect(object["servers"] is [Any] && object["remote_servers"] is [Any])
            }
        }
    }

    @Test("an invalid document is a 400 that says what is wrong, and the registry stays as it was")
    func invalidUpdate() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let path = test.directory.child("bad.json")
        try Data(#"{"version": "1.0.0", "last_updated": "2026-01-01T00:00:00Z", "servers": {"x": 1}}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        try await test.application().test(.router) { client in
            try await client.execute(
                uri: "\(Self.base)/default", method: .put, body: Self.body(#"{"local_path": "\#(path)"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.text.contains("$.servers"))
            }
            try await client.execute(
                uri: "\(Self.base)/default", method: .put,
                body: Self.body(#"{"url": "https://a.example/r.json", "local_path": "/x.json"}"#)
            ) { #expect($0.status == .badRequest) }
            try await client.execute(uri: Self.base, method: .get) { response in
                let registries = try #require(try Self.object(response)["registries"] as? [[String: Any]])
                #expect(registries.first?["type"] as? String == "default")
            }
            try await client.execute(uri: "\(Self.base)/default", method: .put, body: Self.body("{}")) { response in
                #expect(response.status == .ok)
                let object = try Self.object(response)
                #expect(object["message"] as? String == "Registry configuration reset to default")
            }
        }
    }

    @Test("add is 405, removing default is 400 and removing another name is 404")
    func addAndRemove() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            try await client.execute(uri: Self.base, method: .post, body: Self.body("{}")) {
                #expect($0.status == .methodNotAllowed)
                #expect($0.body.text.contains("PUT /api/v1beta/registry/default"))
            }
            try await client.execute(uri: "\(Self.base)/default", method: .delete) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "\(Self.base)/other", method: .delete) { #expect($0.status == .notFound) }
        }
    }
}
