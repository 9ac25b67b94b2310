import Foundation
import HiveKeepTestSupport
import Testing

/// Stop, restart, delete and the bulk operations, with the statuses and codes of the reference; bad requests.
@Suite("workload lifecycle end to end", .serialized, .timeLimit(.minutes(10)))
struct LifecycleTests {
    @Test("stop, restart (same URL), bulk stop and restart by group, delete; 404, 409 and 400s")
    func lifecycle() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let script = try harness.envServerScript()
            #expect(try harness.api("POST", "/api/v1beta/groups", #"{"name":"team"}"#).status == 201)
            for name in ["one", "two"] {
                let response = try harness.api(
                    "POST", "/api/v1beta/workloads", #"{"name":"\#(name)","image":"exec://\#(script)","group":"team"}"#)
                #expect(response.status == 201)
            }
            let running = try await harness.waitFor("one", "running")
            try await harness.waitFor("two", "running")
            let url = try #require(running["url"] as? String)
            #expect(running["group"] as? String == "team")

            let duplicate = try harness.api(
                "POST", "/api/v1beta/workloads", #"{"name":"one","image":"exec://\#(script)"}"#)
            #expect(duplicate.status == 409)
            #expect(duplicate.body.contains("already exists"))

            #expect(try harness.api("POST", "/api/v1beta/workloads/one/stop").status == 202)
            try await harness.waitFor("one", "stopped")
            #expect(try harness.json("GET", "/api/v1beta/workloads/one/status")["status"] as? String == "stopped")
            let defaultList = try harness.json("GET", "/api/v1beta/workloads")["workloads"] as? [[String: Any]] ?? []
            #expect(defaultList.map { $0["name"] as? String } == ["two"])
            #expect(!RawHTTP.isListening(.tcp(port: try #require(running["port"] as? Int))))
            #expect(try harness.api("POST", "/api/v1beta/workloads/one/stop").status == 202)

            #expect(try harness.api("POST", "/api/v1beta/workloads/one/restart").status == 202)
            let restarted = try await harness.waitFor("one", "running")
            #expect(restarted["url"] as? String == url)
            let reply = try await harness.mcpClient(url, "streamable", ["call", "echo", #"{"text":"back"}"#])
            #expect(reply["content"] as? [String] == ["back"])

            #expect(try harness.api("POST", "/api/v1beta/workloads/stop", #"{"group":"team"}"#).status == 202)
            try await harness.waitFor("one", "stopped")
            try await harness.waitFor("two", "stopped")
            #expect(
                try harness.api("POST", "/api/v1beta/workloads/restart", #"{"names":["one","two","ghost"]}"#).status
                    == 202)
            try await harness.waitFor("one", "running")
            try await harness.waitFor("two", "running")

            let definition = try harness.json("GET", "/api/v1beta/workloads/two")
            #expect(definition["name"] as? String == "two")
            #expect(definition["image"] as? String == "exec://\(script)")
            #expect(definition["group"] as? String == "team")

            for (method, path) in [
                ("GET", "/api/v1beta/workloads/ghost"), ("GET", "/api/v1beta/workloads/ghost/status"),
                ("POST", "/api/v1beta/workloads/ghost/stop"), ("POST", "/api/v1beta/workloads/ghost/restart"),
                ("DELETE", "/api/v1beta/workloads/ghost"), ("GET", "/api/v1beta/workloads/ghost/export"),
                ("GET", "/api/v1beta/workloads/ghost/logs"), ("GET", "/api/v1beta/workloads/ghost/proxy-logs"),
            ] {
                #expect(try harness.api(method, path).status == 404, "\(method) \(path)")
            }
            #expect(try harness.api("GET", "/api/v1beta/workloads/one/proxy-logs").body.contains("runner started"))

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/one").status == 202)
            #expect(try harness.api("POST", "/api/v1beta/workloads/delete", #"{"group":"team"}"#).status == 202)
            for _ in 0..<200 {
                if (try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [Any])?.isEmpty == true {
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect((try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("a running workload is written into its group's registered clients' files and removed when it stops")
    func clientConfiguration() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let script = try harness.envServerScript()
            let cursorFile = try harness.registerCursor()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"listed","image":"exec://\#(script)"}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("listed", "running")
            var text = ""
            for _ in 0..<100 {
                text = (try? String(contentsOfFile: cursorFile, encoding: .utf8)) ?? ""
                if text.contains("listed") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(text.contains(#""listed""#))
            #expect(text.contains("http://127.0.0.1:\(port)/mcp"))
            // The runner wrote the proxy's token as the entry's bearer header.
            let tokenFile = harness.directory.child("data/hivekeep/statuses/listed.token")
            let token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)
            #expect(token.count == 64)
            #expect(text.contains("\"Authorization\": \"Bearer \(token)\""))
            // The creation is audited, naming the principal (the API token).
            let audit = try String(
                contentsOfFile: harness.directory.child("state/hivekeep/audit.jsonl"), encoding: .utf8)
            let creation = audit.split(separator: "\n").first {
                $0.contains("workload-create") && $0.contains("listed")
            }
            #expect(creation?.contains(#""caller":"token""#) == true, "\(audit)")
            // The reference MCP client, configured only from what HiveKeep wrote into Cursor's file (its URL and
            // header), gets through the proxy; without the header it is refused.
            let cursor = try #require(
                try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let entry = try #require((cursor["mcpServers"] as? [String: Any])?["listed"] as? [String: Any])
            let url = try #require(entry["url"] as? String)
            let header = try #require((entry["headers"] as? [String: String])?["Authorization"])
            let bearer = String(header.dropFirst("Bearer ".count))
            let reply = try await harness.mcpClient(
                url, "streamable", ["call", "echo", #"{"text":"from cursor"}"#], token: bearer)
            #expect(reply["content"] as? [String] == ["from cursor"])
            await #expect(throws: (any Error).self) {
                _ = try await harness.mcpClient(
                    url, "streamable", ["call", "echo", #"{"text":"x"}"#], token: .some(nil))
            }

            #expect(try harness.api("POST", "/api/v1beta/workloads/listed/stop").status == 202)
            try await harness.waitFor("listed", "stopped")
            text = (try? String(contentsOfFile: cursorFile, encoding: .utf8)) ?? ""
            #expect(!text.contains(#""listed""#))
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/listed").status == 202)
            try await harness.waitUntilDeleted("listed")
        }
    }

    @Test("creating a workload named like a user's entry in a registered client's file is a 409; the file is kept")
    func createOverUserEntry() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let script = try harness.envServerScript()
            let cursorFile = try harness.registerCursor()
            let mine = "{\n  // my own\n  \"mcpServers\": {\"github\": {\"url\": \"https://example.com/mcp\"}}\n}\n"
            try Data(mine.utf8).write(to: URL(fileURLWithPath: cursorFile))
            let response = try harness.api(
                "POST", "/api/v1beta/workloads", #"{"name":"github","image":"exec://\#(script)"}"#)
            #expect(response.status == 409)
            #expect(response.body.contains(cursorFile) && response.body.contains("'github'"), "\(response.body)")
            #expect(try harness.api("GET", "/api/v1beta/workloads/github").status == 404)
            #expect(try String(contentsOfFile: cursorFile, encoding: .utf8) == mine)
        }
    }

    @Test("a sandboxed workload is a clear 400 where bubblewrap cannot be found")
    func sandboxWithoutBubblewrap() async throws {
        try await withHarness(extraEnvironment: ["PATH": PythonTools.binDirectory]) { harness in
            try await harness.startServer()
            let response = try harness.api(
                "POST", "/api/v1beta/workloads",
                #"{"name":"boxed","image":"exec:///bin/true","network_isolation":true}"#)
            #expect(response.status == 400)
            #expect(response.body.contains("bubblewrap (bwrap) is not installed"))
            #expect(try harness.api("GET", "/api/v1beta/workloads/boxed").status == 404)
        }
    }

    @Test("bad requests are refused with what was wrong, and create nothing")
    func badRequests() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let busy = try RawHTTP.freePort()
            let listener = try TCPListener(port: busy)
            defer { listener.close() }
            let cases: [(String, Int, String)] = [
                (#"{"name":"","image":"exec:///bin/true"}"#, 400, "invalid workload name"),
                (#"{"name":"bad@name!","image":"exec:///bin/true"}"#, 400, "invalid workload name"),
                (#"{"name":"x"}"#, 400, "either 'image' or 'url'"),
                (#"{"name":"x","image":"ghcr.io/example/Server:1"}"#, 400, "invalid image reference"),
                (#"{"name":"x","image":"exec://relative/path"}"#, 400, "exec://"),
                (#"{"name":"x","image":"exec:///no/such/server"}"#, 400, "no executable file at /no/such/server"),
                (#"{"name":"x","image":"exec:///bin/true","transport":"carrier-pigeon"}"#, 400, "invalid transport"),
                (#"{"name":"x","image":"exec:///bin/true","proxy_mode":"websocket"}"#, 400, "invalid proxy_mode"),
                (#"{"name":"x","image":"exec:///bin/true","host":"0.0.0.0"}"#, 400, "not a loopback address"),
                (#"{"name":"x","image":"exec:///bin/true","proxy_port":\#(busy)}"#, 400, "is not available"),
                (#"{"name":"x","image":"time","tools":["no_such_tool"]}"#, 400, "not found in registry"),
                (
                    #"{"name":"x","image":"exec:///bin/true","tools_override":{"t":{}}}"#, 400,
                    "either name or description"
                ),
                (#"{"name":"x","image":"exec:///bin/true","group":"nogroup"}"#, 404, "nogroup"),
                (#"{"name":"x","image":"exec:///bin/true","#, 400, "not valid JSON"),
            ]
            for (body, status, message) in cases {
                let response = try harness.api("POST", "/api/v1beta/workloads", body)
                #expect(response.status == status, "\(body) -> \(response.status) \(response.body)")
                #expect(response.body.contains(message), "\(body) -> \(response.body)")
            }
            let bulk: [(String, Int)] = [
                (#"{"names":["a"],"group":"default"}"#, 400), ("{}", 400), (#"{"group":"nogroup"}"#, 404),
                (#"{"names":["bad@name"]}"#, 400),
            ]
            for (body, status) in bulk {
                #expect(try harness.api("POST", "/api/v1beta/workloads/stop", body).status == status, "\(body)")
            }
            #expect(try harness.api("GET", "/api/v1beta/workloads?group=nogroup").status == 404)
            #expect((try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [Any])?.isEmpty == true)
        }
    }
}

/// A TCP socket listening on a loopback port, to make that port busy.
struct TCPListener {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else { throw TestSupportError("cannot listen on \(port)") }
    }

    func close() { _ = Glibc.close(descriptor) }
}
