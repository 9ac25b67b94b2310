import Foundation
import HiveKeepTestSupport
import Testing

/// A registry entry whose image is a container image runs by name, with the entry's transport, port and defaults.
@Suite(
    "container workloads from the registry", .serialized, .timeLimit(.minutes(10)),
    .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct ContainerRegistryTests {
    /// A custom registry in ToolHive's format: `http-image` (the streamable-HTTP test image, a variable with a
    /// default) and `fenced` (the same image with an outbound host rule, which HiveKeep cannot enforce).
    func useRegistry(_ harness: WorkloadHarness) throws {
        func entry(_ permissions: [String: Any]) -> [String: Any] {
            [
                "description": "The streamable-HTTP test image.", "tier": "Community", "status": "Active",
                "transport": "streamable-http", "tools": ["echo", "env"], "image": TestContainerEngine.httpImage,
                "target_port": 8080, "permissions": permissions,
                "env_vars": [
                    ["name": "GREETING", "description": "A greeting.", "required": false, "default": "from-registry"]
                ],
            ]
        }
        let open = ["network": ["outbound": ["insecure_allow_all": true]]]
        let fenced = ["network": ["outbound": ["allow_host": ["api.example.com"], "allow_port": [443]]]]
        let document: [String: Any] = [
            "version": "1.0.0", "last_updated": "2026-12-05T00:00:00Z",
            "servers": ["http-image": entry(open), "fenced": entry(fenced)],
        ]
        let path = harness.directory.child("registry.json")
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        let put = try harness.api("PUT", "/api/v1beta/registry/default", #"{"local_path":"\#(path)"}"#)
        #expect(put.status == 200, "\(put.body)")
    }

    @Test("an image entry runs by name; an entry with outbound host rules is a 400")
    func runsByName() async throws {
        try ContainerProbe.clear("byname")
        try await withHarness(extraEnvironment: ContainerProbe.dockerHost) { harness in
            try await harness.startServer()
            try useRegistry(harness)
            let created = try harness.json("POST", "/api/v1beta/workloads", #"{"name":"byname","image":"http-image"}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("byname", "running")
            let reply = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "env", #"{"name":"GREETING"}"#])
            #expect(reply["content"] as? [String] == ["from-registry"])
            let export = try harness.json("GET", "/api/v1beta/workloads/byname/export")
            #expect(export["image"] as? String == TestContainerEngine.httpImage)
            #expect(export["target_port"] as? Int == 8080)

            let fenced = try harness.api("POST", "/api/v1beta/workloads", #"{"name":"fenced","image":"fenced"}"#)
            #expect(fenced.status == 400)
            #expect(fenced.body.contains("no egress proxy"))
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/byname").status == 202)
            try await harness.waitUntilDeleted("byname")
            #expect(try await ContainerProbe.waitForNoContainer(of: "byname") == [])
        }
    }

    @Test("hivekeep run IMAGE (no API server) runs the container, prints its URL; logs and rm work")
    func cliRun() async throws {
        try ContainerProbe.clear("clitime")
        try await withHarness(extraEnvironment: ContainerProbe.dockerHost) { harness in
            try FileManager.default.createDirectory(atPath: harness.clientLogs, withIntermediateDirectories: true)
            let cli = WorkloadCommandTests()
            let (status, output, errors) = try await cli.hivekeep(
                harness, ["run", TestContainerEngine.timeImage, "--name", "clitime"])
            #expect(status == 0, "\(output)\(errors)")
            let url = try #require(
                output.split(separator: "\n").first { $0.contains("is running: ") }?
                    .components(separatedBy: "is running: ").last)
            let reply = try await harness.mcpClient(
                url, "streamable", ["call", "get_current_time", #"{"timezone":"UTC"}"#])
            #expect((reply["content"] as? [String])?.first?.contains("UTC") == true)
            #expect(try ContainerProbe.containers(of: "clitime").count == 1)
            let (rmStatus, _, _) = try await cli.hivekeep(harness, ["rm", "clitime"])
            #expect(rmStatus == 0)
            #expect(try await ContainerProbe.waitForNoContainer(of: "clitime") == [])
        }
    }
}
