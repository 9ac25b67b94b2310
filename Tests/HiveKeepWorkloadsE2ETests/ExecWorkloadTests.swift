import Foundation
import HiveKeepTestSupport
import Testing

/// A local `exec://` MCP server run by a real `hivekeep serve`, reached by the reference Python client.
@Suite("exec:// workloads end to end", .serialized, .timeLimit(.minutes(10)))
struct ExecWorkloadTests {
    static let planted = "planted-SECRET-value-81723"

    @Test("a secret set through the API reaches only the server's environment, and both MCP eras reach the server")
    func secretReachesTheChildOnly() async throws {
        try await withHarness(extraEnvironment: ["HIVEKEEP_SECRETS_PASSWORD": "workload-test-vault-pw"]) { harness in
            try await harness.startServer()
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let secret = #"{"key":"api-token","value":"\#(Self.planted)"}"#
            #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", secret).status == 201)

            let script = try harness.envServerScript()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"envsrv","image":"exec://\#(script)","env_vars":{"PLAIN":"visible"},"#
                    + #""secrets":[{"name":"api-token","target":"API_TOKEN"}]}"#)
            #expect(created["name"] as? String == "envsrv")
            let port = try #require(created["port"] as? Int)
            let summary = try await harness.waitFor("envsrv", "running")
            let url = "http://127.0.0.1:\(port)/mcp"
            #expect(summary["url"] as? String == url)
            #expect(summary["package"] as? String == "exec://\(script)")

            // A stateless (2026-07-28) client and a session-era client, each through the proxy.
            let modern = try await harness.mcpClient(url, "streamable", ["call", "read_env", #"{"name":"API_TOKEN"}"#])
            #expect(modern["content"] as? [String] == [Self.planted])
            #expect(modern["protocol_version"] as? String == "2026-07-28")
            let legacy = try await harness.mcpClient(url, "streamable-legacy", ["call", "env_names", "{}"])
            let names = try #require((legacy["content"] as? [String])?.first).split(separator: ",").map(String.init)
            #expect(names.contains("API_TOKEN") && names.contains("PLAIN") && names.contains("PATH"))
            #expect(!names.contains { $0.hasPrefix("HIVEKEEP_") || $0.hasPrefix("XDG_") })
            #expect(legacy["protocol_version"] as? String != "2026-07-28")
            let childPID = try #require(
                Int32(
                    (try await harness.mcpClient(url, "streamable", ["call", "pid", "{}"])["content"] as? [String])?
                        .first
                        ?? ""))

            // The value is in the server process's environment and nowhere else.
            for pid in harness.processes() where pid != childPID {
                let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") ?? Data()
                #expect(!String(decoding: environ, as: UTF8.self).contains(Self.planted), "environment of \(pid)")
            }
            for pid in harness.processes() {
                let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
                #expect(!String(decoding: cmdline, as: UTF8.self).contains(Self.planted), "command line of \(pid)")
            }
            let files =
                FileManager.default.enumerator(atPath: harness.directory.path)?.compactMap { $0 as? String } ?? []
            for file in files where !file.hasPrefix("client-logs") {
                let data = FileManager.default.contents(atPath: harness.directory.child(file)) ?? Data()
                #expect(data.range(of: Data(Self.planted.utf8)) == nil, "file \(file)")
            }
            let export = try harness.api("GET", "/api/v1beta/workloads/envsrv/export")
            #expect(export.status == 200)
            #expect(export.body.contains(#""api-token,target=API_TOKEN""#))
            #expect(!export.body.contains(Self.planted))

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/envsrv").status == 202)
            try await waitUntilGone("envsrv", harness)
        }
    }

    @Test("a killed MCP server is restarted; a SIGKILLed API server leaves the workload serving and listed")
    func survivesCrashes() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let script = try harness.envServerScript()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"crashy","image":"exec://\#(script)"}"#)
            let port = try #require(created["port"] as? Int)
            let url = "http://127.0.0.1:\(port)/mcp"
            try await harness.waitFor("crashy", "running")
            _ = try await harness.mcpClient(url, "streamable", ["call", "pid", "{}"])
            // The server runs in a PID namespace of its own (the pid it reports is the sandbox's): find its host pid.
            let firstPID = try #require(Self.hostPID(running: script))

            kill(firstPID, SIGKILL)
            var secondPID = firstPID
            for _ in 0..<100 where secondPID == firstPID {
                try await Task.sleep(for: .milliseconds(200))
                guard (try? await harness.mcpClient(url, "streamable", ["call", "pid", "{}"])) != nil else { continue }
                secondPID = Self.hostPID(running: script) ?? firstPID
            }
            #expect(secondPID != firstPID)
            #expect(try harness.summary("crashy")?["status"] as? String == "running")

            try await harness.killServer()
            let echoed = try await harness.mcpClient(
                url, "streamable-legacy", ["call", "echo", #"{"text":"still here"}"#])
            #expect(echoed["content"] as? [String] == ["still here"])
            try await harness.startServer()
            let listed = try harness.json("GET", "/api/v1beta/workloads")["workloads"] as? [[String: Any]] ?? []
            #expect(listed.count == 1)
            #expect(listed.first?["status"] as? String == "running")
            #expect(listed.first?["url"] as? String == url)
            #expect(listed.first?["port"] as? Int == port)

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/crashy").status == 202)
            try await waitUntilGone("crashy", harness)
        }
    }

    /// The host pid of the process running `script` (not bwrap, whose command line names it too).
    static func hostPID(running script: String) -> Int32? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).first { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.contains(script) && arguments.first?.hasSuffix("bwrap") == false
        }
    }

    @Test("a server that keeps failing ends in error with the reason, after the configured attempts")
    func failingServerEndsInError() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let script = harness.directory.child("fails.sh")
            try "#!/bin/sh\necho 'cannot start: missing config' >&2\nexit 3\n".write(
                toFile: script, atomically: false, encoding: .utf8)
            chmod(script, 0o755)
            _ = try harness.json("POST", "/api/v1beta/workloads", #"{"name":"broken","image":"exec://\#(script)"}"#)
            let summary = try await harness.waitFor("broken", "error", timeout: .seconds(60))
            let context = try #require(summary["status_context"] as? String)
            #expect(context.contains("failed 4 times"))
            #expect(context.contains("exited with code 3"))
            let logs = try harness.api("GET", "/api/v1beta/workloads/broken/logs")
            #expect(logs.status == 200)
            #expect(logs.body.contains("cannot start: missing config"))
            #expect(logs.headers["content-type"]?.hasPrefix("text/plain") == true)
            // A workload in error can be created again under its name.
            let again = try harness.api(
                "POST", "/api/v1beta/workloads", #"{"name":"broken","image":"exec://\#(script)"}"#)
            #expect(again.status == 201)
            try await harness.waitFor("broken", "error", timeout: .seconds(60))
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/broken").status == 202)
            try await waitUntilGone("broken", harness)
        }
    }

    @Test("an exec:// stdio server with proxy_mode sse is served at /sse#name and reached by the SSE client")
    func execOverSSE() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let script = try harness.envServerScript()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"legacy","image":"exec://\#(script)","proxy_mode":"sse"}"#)
            let port = try #require(created["port"] as? Int)
            let summary = try await harness.waitFor("legacy", "running")
            #expect(summary["url"] as? String == "http://127.0.0.1:\(port)/sse#legacy")
            #expect(summary["proxy_mode"] as? String == "sse")
            let url = "http://127.0.0.1:\(port)/sse"
            let listed = try await harness.mcpClient(url, "sse", ["list"])
            let names = (listed["tools"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(names.contains("echo") && names.contains("read_env"))
            let echoed = try await harness.mcpClient(url, "sse", ["call", "echo", #"{"text":"over sse"}"#])
            #expect(echoed["content"] as? [String] == ["over sse"])
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/legacy").status == 202)
            try await waitUntilGone("legacy", harness)
        }
    }

    @Test("a remote url workload is reverse-proxied, with the tool filter applied on the way")
    func remoteWorkload() async throws {
        try await withHarness(extraEnvironment: ["HIVEKEEP_SECRETS_PASSWORD": "workload-test-vault-pw"]) { harness in
            try await harness.startServer()
            let upstreamPort = try await harness.runEnvServer(named: "upstream")
            // The upstream is itself a HiveKeep proxy: the remote workload sends its token, kept as a secret.
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let token = try await harness.proxyToken("upstream")
            let secret = #"{"key":"upstream-token","value":"\#(token)"}"#
            #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", secret).status == 201)

            let remote = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"remote","url":"http://127.0.0.1:\#(upstreamPort)/mcp","tools":["echo"],"#
                    + #""oauth_config":{"bearer_token":{"name":"upstream-token","target":"bearer"}}}"#)
            let port = try #require(remote["port"] as? Int)
            let summary = try await harness.waitFor("remote", "running")
            #expect(summary["remote"] as? Bool == true)
            #expect(summary["package"] as? String == "remote")
            let url = "http://127.0.0.1:\(port)/mcp"
            #expect(summary["url"] as? String == url)
            let listed = try await harness.mcpClient(url, "streamable-legacy", ["list"])
            #expect((listed["tools"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["echo"])
            let echoed = try await harness.mcpClient(url, "streamable", ["call", "echo", #"{"text":"via remote"}"#])
            #expect(echoed["content"] as? [String] == ["via remote"])
            let logs = try harness.api("GET", "/api/v1beta/workloads/remote/logs")
            #expect(logs.status == 404)

            #expect(
                try harness.api("POST", "/api/v1beta/workloads/delete", #"{"names":["remote","upstream"]}"#).status
                    == 202)
            try await waitUntilGone("remote", harness)
            try await waitUntilGone("upstream", harness)
        }
    }

    @Test("network_isolation runs the server under bubblewrap, in namespaces of its own, still reachable over stdio")
    func sandboxedWorkload() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let script = try harness.envServerScript()
            // The sandbox hides /tmp: the repository (the venv's Python and the fixture server) is bound read-only, as
            // a user binds what their server needs.
            let repository = URL(fileURLWithPath: WorkloadHarness.fixtures).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().path
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"boxed","image":"exec://\#(script)","network_isolation":true,"volumes":["\#(repository):ro"]}"#
            )
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("boxed", "running")
            let url = "http://127.0.0.1:\(port)/mcp"
            // In a PID namespace of its own the server sees itself as one of the first processes.
            let reply = try await harness.mcpClient(url, "streamable", ["call", "pid", "{}"])
            let pid = try #require(Int((reply["content"] as? [String])?.first ?? ""))
            #expect(pid < 10)
            let summary = try #require(try harness.summary("boxed"))
            #expect(summary["status"] as? String == "running")
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/boxed").status == 202)
            try await waitUntilGone("boxed", harness)
        }
    }

    @Test("a local server speaking streamable HTTP or SSE itself is started on its target port and reverse-proxied")
    func localHTTPServers() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let script = try harness.envServerScript()
            for (name, transport, path) in [("web", "streamable-http", "/mcp"), ("stream", "sse", "/sse")] {
                let created = try harness.json(
                    "POST", "/api/v1beta/workloads",
                    #"{"name":"\#(name)","image":"exec://\#(script)","transport":"\#(transport)"}"#)
                let port = try #require(created["port"] as? Int)
                let summary = try await harness.waitFor(name, "running")
                let url = "http://127.0.0.1:\(port)\(path)"
                #expect((summary["url"] as? String)?.hasPrefix(url) == true)
                let reply = try await harness.mcpClient(
                    url, transport == "sse" ? "sse" : "streamable-legacy",
                    ["call", "read_env", #"{"name":"MCP_TRANSPORT"}"#])
                #expect(reply["content"] as? [String] == [transport])
                let definition = try harness.json("GET", "/api/v1beta/workloads/\(name)")
                #expect((definition["target_port"] as? Int ?? 0) != 0)
                #expect((definition["target_port"] as? Int) != port)
            }
            #expect(
                try harness.api("POST", "/api/v1beta/workloads/delete", #"{"names":["web","stream"]}"#).status == 202)
            try await waitUntilGone("web", harness)
            try await waitUntilGone("stream", harness)
        }
    }

    func waitUntilGone(_ name: String, _ harness: WorkloadHarness) async throws {
        for _ in 0..<200 {
            if try harness.summary(name) == nil { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try harness.summary(name) == nil)
        #expect(try harness.api("GET", "/api/v1beta/workloads/\(name)").status == 404)
    }
}
