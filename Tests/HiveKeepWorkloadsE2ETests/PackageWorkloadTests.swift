import Foundation
import HiveKeepTestSupport
import Testing

/// `uvx://mcp-server-time` from PyPI, installed by the runner and reached over streamable HTTP and SSE.
@Suite("uvx:// workloads end to end", .serialized, .timeLimit(.minutes(10)))
struct PackageWorkloadTests {
    @Test(
        "mcp-server-time from PyPI over streamable HTTP with a tool filter and override, and over SSE by registry name")
    func timeServer() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"clock","image":"uvx://mcp-server-time","cmd_arguments":["--local-timezone","UTC"],"#
                    + #""tools":["get_current_time"],"#
                    + #""tools_override":{"get_current_time":{"name":"now","description":"The time now"}}}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("clock", "running", timeout: .seconds(240))
            let url = "http://127.0.0.1:\(port)/mcp"

            let listed = try await harness.mcpClient(url, "streamable", ["list"])
            let tools = try #require(listed["tools"] as? [[String: Any]])
            #expect(tools.map { $0["name"] as? String } == ["now"])
            #expect(tools.first?["description"] as? String == "The time now")
            let called = try await harness.mcpClient(url, "streamable", ["call", "now", #"{"timezone":"UTC"}"#])
            #expect(called["is_error"] as? Bool == false)
            #expect((called["content"] as? [String])?.first?.contains("UTC") == true)
            let hidden = try await harness.mcpClient(url, "streamable-legacy", ["call", "convert_time", "{}"])
            #expect((hidden["error"] as? String)?.contains("convert_time") == true)

            // The registry entry `time` names the same package; its clients speak SSE.
            let sse = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"clock-sse","image":"time","proxy_mode":"sse"}"#)
            let ssePort = try #require(sse["port"] as? Int)
            let summary = try await harness.waitFor("clock-sse", "running", timeout: .seconds(240))
            #expect(summary["url"] as? String == "http://127.0.0.1:\(ssePort)/sse#clock-sse")
            let sseTools = try await harness.mcpClient("http://127.0.0.1:\(ssePort)/sse", "sse", ["list"])
            let names = (sseTools["tools"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.sorted()
            #expect(names == ["convert_time", "get_current_time"])
            let sseCall = try await harness.mcpClient(
                "http://127.0.0.1:\(ssePort)/sse", "sse", ["call", "get_current_time", #"{"timezone":"Europe/Paris"}"#])
            #expect((sseCall["content"] as? [String])?.first?.contains("Europe/Paris") == true)

            let export = try harness.json("GET", "/api/v1beta/workloads/clock/export")
            #expect(export["image"] as? String == "uvx://mcp-server-time")
            #expect(export["tools_filter"] as? [String] == ["get_current_time"])
            #expect(export["schema_version"] as? String == "v0.1.0")

            #expect(
                try harness.api("POST", "/api/v1beta/workloads/delete", #"{"names":["clock","clock-sse"]}"#).status
                    == 202)
            for _ in 0..<200 {
                if try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [Any] == nil { break }
                if (try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [Any])?.isEmpty == true {
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect((try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [Any])?.isEmpty == true)
        }
    }
}
