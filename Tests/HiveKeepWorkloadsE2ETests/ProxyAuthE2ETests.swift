import Foundation
import HiveKeepTestSupport
import Testing

/// Workload proxies run by a real `hivekeep serve` answer only clients that present the workload's token.
@Suite("workload proxy authentication end to end", .serialized, .timeLimit(.minutes(10)))
struct ProxyAuthE2ETests {
    static func tokenFile(_ harness: WorkloadHarness, _ name: String) -> String {
        harness.directory.child("data") + "/hivekeep/statuses/\(name).token"
    }

    /// A raw POST of a session-era initialize to the proxy on `port`, with `authorization` when given.
    static func initialize(port: Int, authorization: String?) throws -> RawHTTP.Response {
        var headers = ["Content-Type": "application/json", "Accept": "application/json, text/event-stream"]
        headers["Authorization"] = authorization
        return try RawHTTP.request(
            "POST", "/mcp", to: .tcp(port: port), headers: headers,
            body:
                #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#
        )
    }

    @Test("the token is a 0600 file shown by proxy-token; without it 401, with it both eras and SSE work")
    func tokenGuardsTheProxy() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let script = try harness.envServerScript()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"guarded","image":"exec://\#(script)"}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("guarded", "running")

            let path = Self.tokenFile(harness, "guarded")
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let token = try await harness.proxyToken("guarded")
            let stored = try String(contentsOfFile: path, encoding: .utf8)
            #expect(stored.trimmingCharacters(in: .whitespacesAndNewlines) == token)
            let unknown = try await harness.cli(["proxy-token", "no-such-workload"])
            #expect(unknown.status != 0)
            #expect(unknown.error.contains("workload not found: no-such-workload"))

            let missing = try Self.initialize(port: port, authorization: nil)
            #expect(missing.status == 401)
            #expect(missing.body == "missing credential\n")
            let wrong = try Self.initialize(port: port, authorization: "Bearer \(String(repeating: "a", count: 64))")
            #expect(wrong.status == 401)
            #expect(wrong.body == "invalid credential\n")
            let right = try Self.initialize(port: port, authorization: "Bearer \(token)")
            #expect(right.status == 200)

            let url = "http://127.0.0.1:\(port)"
            let call = ["call", "echo", #"{"text":"authorized"}"#]
            for transport in ["streamable", "streamable-legacy"] {
                let reply = try await harness.mcpClient(url + "/mcp", transport, call, token: token)
                #expect(reply["content"] as? [String] == ["authorized"], "\(transport)")
            }
            #expect(
                try await harness.mcpClient(url + "/sse", "sse", call, token: token)["content"] as? [String] == [
                    "authorized"
                ])
            for token in [nil, "wrong"] as [String?] {
                await #expect(throws: (any Error).self) {
                    _ = try await harness.mcpClient(url + "/mcp", "streamable", call, token: .some(token))
                }
            }

            // Nowhere but its own file: not in the run configuration, the export, the API's answers, any log.
            let answers = [
                try harness.api("GET", "/api/v1beta/workloads/guarded").body,
                try harness.api("GET", "/api/v1beta/workloads/guarded/export").body,
                try harness.api("GET", "/api/v1beta/workloads?all=true").body,
                try harness.api("GET", "/api/v1beta/workloads/guarded/proxy-logs").body,
                try harness.api("GET", "/api/v1beta/workloads/guarded/logs").body,
            ]
            for answer in answers { #expect(!answer.contains(token)) }
            let files =
                FileManager.default.enumerator(atPath: harness.directory.path)?.compactMap { $0 as? String } ?? []
            for file in files where !file.hasPrefix("client-logs") && !file.hasSuffix("/guarded.token") {
                let data = FileManager.default.contents(atPath: harness.directory.child(file)) ?? Data()
                #expect(data.range(of: Data(token.utf8)) == nil, "file \(file)")
            }

            // Rotation: the old token stops working in the running proxy, the new one works.
            let rotated = try await harness.cli(["proxy-token", "guarded", "--rotate"])
            let new = rotated.output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(rotated.status == 0 && new.count == 64 && new != token)
            #expect(rotated.error.contains("register the workload's clients again"))
            var oldRefused = false
            for _ in 0..<100 where !oldRefused {
                oldRefused = try Self.initialize(port: port, authorization: "Bearer \(token)").status == 401
                if !oldRefused { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(oldRefused)
            #expect(try Self.initialize(port: port, authorization: "Bearer \(new)").status == 200)

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/guarded").status == 202)
            try await harness.waitUntilDeleted("guarded")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("proxy_auth none opts a loopback proxy out, with a warning in its log; other values are a 400")
    func optOut() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let port = try await harness.runEnvServer(named: "open", proxyAuth: "none")
            #expect(try Self.initialize(port: port, authorization: nil).status == 200)
            let reply = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "echo", #"{"text":"open"}"#], token: .some(nil))
            #expect(reply["content"] as? [String] == ["open"])
            let definition = try harness.json("GET", "/api/v1beta/workloads/open")
            #expect(definition["proxy_auth"] as? String == "none")
            let logs = try harness.api("GET", "/api/v1beta/workloads/open/proxy-logs").body
            #expect(logs.contains("WITHOUT authentication"))
            let script = try harness.envServerScript()
            let bad = try harness.api(
                "POST", "/api/v1beta/workloads", #"{"name":"bad","image":"exec://\#(script)","proxy_auth":"off"}"#)
            #expect(bad.status == 400)
            #expect(bad.body.contains("invalid proxy_auth: off"))
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/open").status == 202)
            try await harness.waitUntilDeleted("open")
        }
    }

    @Test("authentication settings HiveKeep cannot enforce are a 400 and create nothing")
    func unsupportedSettingsAreRefused() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            let script = try harness.envServerScript()
            let cases: [(String, String)] = [
                (
                    #""url":"http://127.0.0.1:9/mcp","oauth_config":{"client_secret":{"name":"s","target":"s"}}"#,
                    "oauth_config.client_secret needs oauth_config.client_id"
                ),
                (
                    #""url":"http://127.0.0.1:9/mcp","oauth_config":{"bearer_token":"inline-value"}"#,
                    "secret reference"
                ),
                (
                    #""url":"http://127.0.0.1:9/mcp","headers":[{"name":"X-Key","secret":true,"value":"inline"}]"#,
                    "give its value as a secret reference"
                ),
                (
                    #""image":"exec://\#(script)","headers":[{"name":"X-Key","value":"v"}]"#,
                    "remote (url) workloads only"
                ),
                (
                    #""image":"exec://\#(script)","oidc":{"issuer":"http://127.0.0.1:9","introspection_url":"http://x"}"#,
                    "oidc.introspection_url is not supported yet"
                ),
            ]
            for (fields, message) in cases {
                let reply = try harness.api("POST", "/api/v1beta/workloads", #"{"name":"refused",\#(fields)}"#)
                #expect(reply.status == 400, "\(fields): \(reply.body)")
                #expect(reply.body.contains(message), "\(fields): \(reply.body)")
            }
            #expect(try harness.summary("refused") == nil)
        }
    }

    @Test("a remote workload sends its secret-backed header and bearer token upstream, never the client's token")
    func outboundCredentials() async throws {
        try await withHarness(extraEnvironment: ["HIVEKEEP_SECRETS_PASSWORD": "workload-test-vault-pw"]) { harness in
            try await harness.startServer()
            let upstreamPort = try RawHTTP.freePort()
            let seenFile = harness.directory.child("upstream-seen.txt")
            try FileManager.default.createDirectory(atPath: harness.clientLogs, withIntermediateDirectories: true)
            let upstream = try ChildProcess(
                try PythonTools.executable("python"),
                [
                    WorkloadHarness.fixtures + "/protected_server.py", "\(upstreamPort)", "upstream-bearer-77",
                    "upstream-key-42", seenFile,
                ],
                environment: harness.environment, logDirectory: harness.clientLogs)
            defer { upstream.kill() }
            for _ in 0..<500 where !RawHTTP.isListening(.tcp(port: upstreamPort)) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            for (key, value) in [("up-bearer", "upstream-bearer-77"), ("up-key", "upstream-key-42")] {
                let body = #"{"key":"\#(key)","value":"\#(value)"}"#
                #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", body).status == 201)
            }
            let url = "http://127.0.0.1:\(upstreamPort)/mcp"
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"outbound","url":"\#(url)","headers":[{"name":"X-Api-Key","value":{"name":"up-key","target":"k"}}],"#
                    + #""oauth_config":{"bearer_token":{"name":"up-bearer","target":"t"}}}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("outbound", "running")
            let token = try await harness.proxyToken("outbound")
            let reply = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "echo", #"{"text":"through"}"#], token: token)
            #expect(reply["content"] as? [String] == ["through"])
            let seen = try String(contentsOfFile: seenFile, encoding: .utf8)
            #expect(seen.contains("Bearer upstream-bearer-77"))
            #expect(!seen.contains(token))
            // The stored definition holds references only.
            let export = try harness.api("GET", "/api/v1beta/workloads/outbound/export").body
            #expect(export.contains("up-bearer,target=t"))
            #expect(!export.contains("upstream-bearer-77") && !export.contains("upstream-key-42"))

            // Without the header's secret the upstream refuses: the proxy answers with the upstream's 401.
            let partial = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"partial","url":"\#(url)","oauth_config":{"bearer_token":{"name":"up-bearer","target":"t"}}}"#
            )
            let partialPort = try #require(partial["port"] as? Int)
            try await harness.waitFor("partial", "running")
            let partialToken = try await harness.proxyToken("partial")
            let refused = try Self.initialize(port: partialPort, authorization: "Bearer \(partialToken)")
            #expect(refused.status == 401)
            #expect(refused.body.contains("unauthorized"))
            // The workload's status follows its upstream: refused credentials are an error with the reason, and a
            // call the upstream answers makes the other workload (still) running.
            let partialStatus = try await harness.waitFor("partial", "error")
            #expect(
                (partialStatus["status_context"] as? String)?.contains("refused the workload's credentials (HTTP 401)")
                    == true, "\(partialStatus)")
            #expect(try harness.summary("outbound")?["status"] as? String == "running")

            #expect(
                try harness.api("POST", "/api/v1beta/workloads/delete", #"{"names":["outbound","partial"]}"#).status
                    == 202)
            try await harness.waitUntilDeleted("outbound", "partial")
            upstream.kill()
        }
    }
}
