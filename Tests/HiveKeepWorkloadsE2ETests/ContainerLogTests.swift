import Foundation
import HiveKeepTestSupport
import Testing

/// A stdio container's stdout is the MCP stream: neither the engine nor the logs endpoint may keep it.
@Suite(
    "container workloads: logs", .serialized, .timeLimit(.minutes(10)),
    .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct ContainerLogTests {
    static let marker = "stderr-marker-7731"
    /// A timezone whose name appears in the tool's result (over stdout) and nowhere else.
    static let zone = "America/Argentina/Ushuaia"

    @Test("a stdio container's logs are its stderr; no tool result in them, nothing of the stream in the engine's log")
    func stdioLogsKeepNoStream() async throws {
        try ContainerProbe.clear("clogs")
        try await withHarness(extraEnvironment: ContainerProbe.dockerHost) { harness in
            try await harness.startServer()
            // mcp-server-time says nothing on stderr by itself: the command line makes it write one line first.
            let program =
                "import sys; print('\(Self.marker)', file=sys.stderr, flush=True); import runpy; "
                + "runpy.run_module('mcp_server_time', run_name='__main__')"
            let body = try String(
                decoding: JSONSerialization.data(withJSONObject: [
                    "name": "clogs", "image": TestContainerEngine.timeImage, "cmd_arguments": ["-c", program],
                ]), as: UTF8.self)
            let created = try harness.json("POST", "/api/v1beta/workloads", body)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("clogs", "running")
            let call = ["call", "get_current_time", #"{"timezone":"\#(Self.zone)"}"#]
            let reply = try await harness.mcpClient("http://127.0.0.1:\(port)/mcp", "streamable", call)
            #expect((reply["content"] as? [String])?.first?.contains(Self.zone) == true, "\(reply)")

            let logs = try harness.api("GET", "/api/v1beta/workloads/clogs/logs")
            #expect(logs.status == 200)
            #expect(logs.body.contains(Self.marker), "\(logs.body.suffix(1000))")
            #expect(!logs.body.contains("Ushuaia") && !logs.body.contains("jsonrpc"), "\(logs.body.suffix(1000))")

            // The engine keeps nothing: the `none` log driver, and its log endpoint has neither stream.
            let id = try #require(try ContainerProbe.containers(of: "clogs").first)
            let inspect = try ContainerProbe.call("GET", "/containers/\(id)/json")
            let object = try JSONSerialization.jsonObject(with: Data(inspect.utf8)) as? [String: Any] ?? [:]
            let logConfig = (object["HostConfig"] as? [String: Any])?["LogConfig"] as? [String: Any]
            #expect(logConfig?["Type"] as? String == "none", "\(String(describing: logConfig))")
            let engineLog = try ContainerProbe.call("GET", "/containers/\(id)/logs?stdout=1&stderr=1")
            #expect(!engineLog.contains("Ushuaia") && !engineLog.contains("jsonrpc"), "\(engineLog.suffix(500))")
            #expect(!engineLog.contains(Self.marker), "\(engineLog.suffix(500))")
            // Docker: "configured logging driver does not support reading"; Podman: "this container is not logging
            // output".
            #expect(engineLog.contains("logging"), "\(engineLog.suffix(500))")

            // Stopped, the logs are still the server log's.
            #expect(try harness.api("POST", "/api/v1beta/workloads/clogs/stop").status == 202)
            try await harness.waitFor("clogs", "stopped")
            #expect(try harness.api("GET", "/api/v1beta/workloads/clogs/logs").body.contains(Self.marker))
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/clogs").status == 202)
            try await harness.waitUntilDeleted("clogs")
            #expect(try await ContainerProbe.waitForNoContainer(of: "clogs") == [])
        }
    }
}
