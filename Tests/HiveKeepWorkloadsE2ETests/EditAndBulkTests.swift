import Foundation
import HiveKeepTestSupport
import Testing

/// Edit, the bulk operations' 404s, the log endpoints' limits, client entries on delete, the sandbox profile's 400s
/// and registry-marked secrets through edit and delete, against a real `hivekeep serve` and exec:// servers.
@Suite("workload edit, bulk 404s, logs, profiles end to end", .serialized, .timeLimit(.minutes(10)))
struct EditAndBulkTests {
    /// Runs `body` against a started server, then tears the harness down (awaited, also when `body` throws).
    func withHarness(
        _ extraEnvironment: [String: String] = [:], _ body: (WorkloadHarness) async throws -> Void
    ) async throws {
        let harness = try WorkloadHarness(extraEnvironment: extraEnvironment)
        do {
            try await harness.startServer()
            try await body(harness)
        } catch {
            await harness.tearDown()
            throw error
        }
        await harness.tearDown()
    }

    /// Deletes every workload, stops the API server, and expects no process of the harness to be left.
    func finish(_ harness: WorkloadHarness) async throws {
        let all = try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [[String: Any]] ?? []
        for name in all.compactMap({ $0["name"] as? String }) {
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/\(name)").status == 202)
        }
        try await waitUntilEmpty(harness)
        harness.server?.signal(SIGTERM)
        _ = try await harness.server?.wait(timeout: .seconds(20))
        #expect(await harness.leftoverProcesses() == [])
    }

    func waitUntilEmpty(_ harness: WorkloadHarness) async throws {
        for _ in 0..<300 {
            if (try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [Any])?.isEmpty == true {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("workloads were not all deleted")
    }

    func readEnv(_ harness: WorkloadHarness, port: Int, _ name: String) async throws -> [String] {
        let reply = try await harness.mcpClient(
            "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "read_env", #"{"name":"\#(name)"}"#])
        return reply["content"] as? [String] ?? []
    }

    @Test("edit replaces the definition (the changed variable reaches the server, the port stays); 404s")
    func edit() async throws {
        try await withHarness { harness in
            let script = try harness.envServerScript()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"ed","image":"exec://\#(script)","env_vars":{"GREETING":"one"}}"#)
            let port = try #require(created["port"] as? Int)
            let before = try await harness.waitFor("ed", "running")
            #expect(try await readEnv(harness, port: port, "GREETING") == ["one"])

            let edited = try harness.api(
                "POST", "/api/v1beta/workloads/ed/edit",
                #"{"image":"exec://\#(script)","env_vars":{"GREETING":"two"}}"#)
            #expect(edited.status == 200, "\(edited.body)")
            let answer = try JSONSerialization.jsonObject(with: Data(edited.body.utf8)) as? [String: Any] ?? [:]
            #expect(answer["name"] as? String == "ed")
            #expect(answer["port"] as? Int == port)
            let after = try await harness.waitFor("ed", "running")
            #expect(after["url"] as? String == before["url"] as? String)
            #expect(try await readEnv(harness, port: port, "GREETING") == ["two"])
            let definition = try harness.json("GET", "/api/v1beta/workloads/ed")
            #expect((definition["env_vars"] as? [String: String])?["GREETING"] == "two")

            let unknown = try harness.api("POST", "/api/v1beta/workloads/ghost/edit", #"{"image":"exec://\#(script)"}"#)
            #expect(unknown.status == 404)
            let noGroup = try harness.api(
                "POST", "/api/v1beta/workloads/ed/edit",
                #"{"image":"exec://\#(script)","group":"nogroup","env_vars":{"GREETING":"three"}}"#)
            #expect(noGroup.status == 404)
            #expect(noGroup.body.contains("nogroup"))
            // A refused edit changes nothing: the workload keeps running its old definition.
            let refused = try harness.api(
                "POST", "/api/v1beta/workloads/ed/edit",
                #"{"image":"exec://\#(script)","env_vars":{"GREETING":"four"},"permission_profile":{"read":["etc"]}}"#)
            #expect(refused.status == 400)
            #expect(try harness.json("GET", "/api/v1beta/workloads/ed/status")["status"] as? String == "running")
            #expect(try await readEnv(harness, port: port, "GREETING") == ["two"])
            #expect(try harness.api("GET", "/api/v1beta/workloads/ghost").status == 404)
            try await finish(harness)
        }
    }

    @Test("bulk restart and bulk delete of an unknown group are 404s; an empty group filter lists everything")
    func bulkUnknownGroup() async throws {
        try await withHarness { harness in
            for verb in ["restart", "delete", "stop"] {
                let response = try harness.api("POST", "/api/v1beta/workloads/\(verb)", #"{"group":"nogroup"}"#)
                #expect(response.status == 404, "\(verb): \(response.status) \(response.body)")
                #expect(response.body.contains("nogroup"), "\(verb): \(response.body)")
            }
            let script = try harness.envServerScript()
            _ = try harness.json("POST", "/api/v1beta/workloads", #"{"name":"listed","image":"exec://\#(script)"}"#)
            let listed = try harness.api("GET", "/api/v1beta/workloads?all=true&group=")
            #expect(listed.status == 200, "\(listed.body)")
            #expect(listed.body.contains(#""listed""#))
            try await finish(harness)
        }
    }

    @Test("logs return exactly the last 100 lines of the server's stderr as text/plain; proxy-logs are text/plain")
    func logLimits() async throws {
        try await withHarness { harness in
            let envServer = try harness.envServerScript()
            let script = harness.directory.child("chatty.sh")
            let text = "#!/bin/sh\nfor i in $(seq 1 150); do echo \"chatty line $i\" >&2; done\nexec \"\(envServer)\"\n"
            try text.write(toFile: script, atomically: false, encoding: .utf8)
            chmod(script, 0o755)
            // A shell script that runs another program needs that program's paths in its sandbox; this test is about
            // logs, so it opts out of the sandbox (an admin's choice for exec:// workloads).
            _ = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"chatty","image":"exec://\#(script)","sandbox":"none"}"#)
            try await harness.waitFor("chatty", "running")
            let logs = try harness.api("GET", "/api/v1beta/workloads/chatty/logs")
            #expect(logs.status == 200)
            #expect(logs.headers["content-type"]?.hasPrefix("text/plain") == true)
            let lines = logs.body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == 100, "\(lines.count) lines")
            #expect(lines.contains("chatty line 150"))
            #expect(!lines.contains("chatty line 50"))

            let proxyLogs = try harness.api("GET", "/api/v1beta/workloads/chatty/proxy-logs")
            #expect(proxyLogs.status == 200)
            #expect(proxyLogs.headers["content-type"]?.hasPrefix("text/plain") == true)
            #expect(proxyLogs.body.contains("runner started"))
            #expect(proxyLogs.body.split(separator: "\n").count <= 100)
            try await finish(harness)
        }
    }

    @Test("deleting a running workload removes it from its group's registered clients' files")
    func clientEntryRemovedOnDelete() async throws {
        try await withHarness { harness in
            let script = try harness.envServerScript()
            let cursorFile = try harness.registerCursor()
            _ = try harness.json("POST", "/api/v1beta/workloads", #"{"name":"gone","image":"exec://\#(script)"}"#)
            try await harness.waitFor("gone", "running")
            var text = ""
            for _ in 0..<100 {
                text = (try? String(contentsOfFile: cursorFile, encoding: .utf8)) ?? ""
                if text.contains(#""gone""#) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(text.contains(#""gone""#))
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/gone").status == 202)
            try await waitUntilEmpty(harness)
            text = (try? String(contentsOfFile: cursorFile, encoding: .utf8)) ?? ""
            #expect(!text.contains(#""gone""#), "\(text)")
            try await finish(harness)
        }
    }

    @Test("sandbox profiles HiveKeep cannot enforce are 400s that create nothing")
    func unenforceableProfiles() async throws {
        try await withHarness { harness in
            let cases: [(String, String)] = [
                (
                    #"{"name":"p","image":"exec:///bin/cat","permission_profile":{"network":{"outbound":{"allow_host":["api.example.com"]}}}}"#,
                    "allow_host api.example.com"
                ),
                (
                    #"{"name":"p","image":"exec:///bin/cat","permission_profile":{"network":{"outbound":{"allow_port":[443]}}}}"#,
                    "allow_port 443"
                ),
                (#"{"name":"p","image":"exec:///bin/cat","permission_profile":{"read":["data/x"]}}"#, "'data/x'"),
                (
                    #"{"name":"p","image":"exec:///bin/cat","permission_profile":{"write":["/srv/../etc"]}}"#,
                    "/srv/../etc"
                ),
                (
                    #"{"name":"p","image":"exec:///bin/cat","transport":"streamable-http","network_isolation":true}"#,
                    "network_isolation cannot be used"
                ),
            ]
            for (body, message) in cases {
                let response = try harness.api("POST", "/api/v1beta/workloads", body)
                #expect(response.status == 400, "\(body) -> \(response.status) \(response.body)")
                #expect(response.body.contains(message), "\(body) -> \(response.body)")
            }
            #expect(try harness.api("GET", "/api/v1beta/workloads/p").status == 404)
            try await finish(harness)
        }
    }

    /// A registry with one entry, `env-test`, running the env-reporting server with `API_KEY` marked secret.
    func useRegistry(_ harness: WorkloadHarness) throws {
        let entry: [String: Any] = [
            "description": "Reports its environment (HiveKeep tests).", "tier": "Community", "status": "Active",
            "transport": "stdio", "tools": ["read_env", "env_names", "pid", "echo"],
            "image": "exec://\(try harness.envServerScript())",
            "env_vars": [["name": "API_KEY", "description": "The key.", "required": true, "secret": true]],
        ]
        let document: [String: Any] = [
            "version": "1.0.0", "last_updated": "2026-11-29T00:00:00Z", "servers": ["env-test": entry],
        ]
        let path = harness.directory.child("registry.json")
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        #expect(try harness.api("PUT", "/api/v1beta/registry/default", #"{"local_path":"\#(path)"}"#).status == 200)
    }

    func secretKeys(_ harness: WorkloadHarness) throws -> [String] {
        let keys = try harness.json("GET", "/api/v1beta/secrets/default/keys")["keys"] as? [[String: Any]] ?? []
        return keys.compactMap { $0["key"] as? String }
    }

    @Test("registry-marked secrets: edit stores the new value, a user's secret is never overwritten or deleted")
    func registrySecretsThroughEdit() async throws {
        try await withHarness(["HIVEKEEP_SECRETS_PASSWORD": "edit-test-vault-pw"]) { harness in
            try useRegistry(harness)
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)

            // A secret the user made under the name HiveKeep would choose is refused, not overwritten...
            let user = try harness.api(
                "POST", "/api/v1beta/secrets/default/keys", #"{"key":"mine-api_key","value":"user-value-7"}"#)
            #expect(user.status == 201)
            let clash = try harness.api(
                "POST", "/api/v1beta/workloads",
                #"{"name":"mine","image":"env-test","env_vars":{"API_KEY":"clash-value-8"}}"#)
            #expect(clash.status == 409, "\(clash.body)")
            #expect(clash.body.contains("mine-api_key"))
            #expect(!clash.body.contains("clash-value-8"))
            #expect(try harness.api("GET", "/api/v1beta/workloads/mine").status == 404)
            // ...and still holds the user's value, and survives the delete of a workload that references it.
            let referencing = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"mine","image":"env-test","secrets":[{"name":"mine-api_key","target":"API_KEY"}]}"#)
            let minePort = try #require(referencing["port"] as? Int)
            try await harness.waitFor("mine", "running")
            #expect(try await readEnv(harness, port: minePort, "API_KEY") == ["user-value-7"])
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/mine").status == 202)
            try await waitUntilEmpty(harness)
            #expect(try secretKeys(harness).contains("mine-api_key"))

            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"reg","image":"env-test","env_vars":{"API_KEY":"first-value-1"}}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("reg", "running")
            #expect(try await readEnv(harness, port: port, "API_KEY") == ["first-value-1"])
            #expect(try secretKeys(harness).contains("reg-api_key"))

            let edited = try harness.api(
                "POST", "/api/v1beta/workloads/reg/edit",
                #"{"image":"env-test","env_vars":{"API_KEY":"second-value-2"}}"#)
            #expect(edited.status == 200, "\(edited.body)")
            try await harness.waitFor("reg", "running")
            #expect(try await readEnv(harness, port: port, "API_KEY") == ["second-value-2"])
            let exported = try harness.api("GET", "/api/v1beta/workloads/reg/export")
            #expect(exported.body.contains(#""reg-api_key,target=API_KEY""#))
            #expect(!exported.body.contains("second-value-2"))

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/reg").status == 202)
            try await waitUntilEmpty(harness)
            let keys = try secretKeys(harness)
            #expect(!keys.contains("reg-api_key"), "\(keys)")
            #expect(keys.contains("mine-api_key"))
            try await finish(harness)
        }
    }
}
