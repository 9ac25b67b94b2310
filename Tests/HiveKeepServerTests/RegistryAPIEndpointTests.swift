import Foundation
import HiveKeepTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HiveKeepServer

@Suite("Registry endpoints with an MCP Registry API source", .serialized, .timeLimit(.minutes(2)))
struct RegistryAPIEndpointTests {
    static let base = "/api/v1beta/registry"

    /// One page of `GET /v0.1/servers` with one OCI server.
    static let page = """
        {"servers": [{"server": {"name": "io.github.stacklok/fetch", "description": "Fetches pages",
          "version": "1.0.0", "packages": [{"registryType": "oci", "identifier": "ghcr.io/example/fetch:1",
          "transport": {"type": "stdio"}}]}}], "metadata": {"count": 1}}
        """

    /// A plain-http Python server on loopback serving `page` at `/v0.1/servers`; returns it and its base URL.
    static func startAPI(in directory: TemporaryDirectory) async throws -> (ChildProcess, String) {
        let root = directory.child("api")
        try FileManager.default.createDirectory(atPath: root + "/v0.1", withIntermediateDirectories: true)
        try Data(page.utf8).write(to: URL(fileURLWithPath: root + "/v0.1/servers"))
        let script = """
            import http.server, sys
            handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=sys.argv[1], **k)
            server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """
        let process = try ChildProcess(
            "/usr/bin/env", ["python3", "-c", script, root], environment: ProcessInfo.processInfo.environment,
            logDirectory: root)
        let deadline = ContinuousClock.now + .seconds(20)
        while Int(process.output.trimmingCharacters(in: .whitespacesAndNewlines)) == nil {
            guard ContinuousClock.now < deadline, process.isRunning else {
                process.kill()
                throw TestSupportError("the test API server did not start: \(process.errorOutput)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let port = process.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return (process, "http://127.0.0.1:\(port)")
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test("PUT api_url replies type api, the registry reports it, and a bare name finds the server")
    func apiSource() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let (server, url) = try await Self.startAPI(in: test.directory)
        defer { server.kill() }
        try await test.application().test(.router) { client in
            try await client.execute(
                uri: "\(Self.base)/default", method: .put, body: ByteBuffer(string: #"{"api_url": "\#(url)"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.text.contains("private"))
            }
            let body = #"{"api_url": "\#(url)", "allow_private_ip": true}"#
            try await client.execute(uri: "\(Self.base)/default", method: .put, body: ByteBuffer(string: body)) {
                response in
                #expect(response.status == .ok)
                let object = try Self.object(response)
                #expect(object["type"] as? String == "api")
                #expect(object["message"] as? String == "Successfully set registry API URL: \(url)")
            }
            try await client.execute(uri: Self.base, method: .get) { response in
                let registries = try #require(try Self.object(response)["registries"] as? [[String: Any]])
                #expect(registries.first?["type"] as? String == "api")
                #expect(registries.first?["source"] as? String == url)
                #expect(registries.first?["server_count"] as? Int == 1)
            }
            try await client.execute(uri: "\(Self.base)/default/servers/fetch", method: .get) { response in
                #expect(response.status == .ok)
                let object = try Self.object(response)
                #expect(object["is_remote"] as? Bool == false)
                let entry = try #require(object["server"] as? [String: Any])
                #expect(entry["name"] as? String == "io.github.stacklok/fetch")
                #expect(entry["image"] as? String == "ghcr.io/example/fetch:1")
            }
        }
    }
}
