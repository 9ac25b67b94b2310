import Foundation
import HiveKeepTestSupport
import Testing

/// Image workloads run by a real `hivekeep serve` through a real engine (the test engine of
/// `scripts/container-engine.sh`: Podman, and Docker's own daemon in `scripts/test.sh`'s second pass), reached by the
/// reference Python client through the proxy.
@Suite(
    "container workloads end to end", .serialized, .timeLimit(.minutes(15)),
    .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct ContainerWorkloadTests {
    static let planted = "planted-CONTAINER-secret-55019"

    @Test("a stdio image answers both MCP eras through the proxy; stop and delete leave no container")
    func stdioImage() async throws {
        try ContainerProbe.clear("ctime")
        try await withHarness(extraEnvironment: ContainerProbe.dockerHost) { harness in
            try await harness.startServer()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"ctime","image":"\#(TestContainerEngine.timeImage)"}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("ctime", "running")
            let url = "http://127.0.0.1:\(port)/mcp"
            let arguments = #"{"timezone":"UTC"}"#
            let modern = try await harness.mcpClient(url, "streamable", ["call", "get_current_time", arguments])
            #expect((modern["content"] as? [String])?.first?.contains("UTC") == true, "\(modern)")
            #expect(modern["protocol_version"] as? String == "2026-07-28")
            let legacy = try await harness.mcpClient(url, "streamable-legacy", ["call", "get_current_time", arguments])
            #expect((legacy["content"] as? [String])?.first?.contains("UTC") == true, "\(legacy)")
            #expect(legacy["protocol_version"] as? String != "2026-07-28")
            #expect(try ContainerProbe.containers(of: "ctime").count == 1)

            #expect(try harness.api("POST", "/api/v1beta/workloads/ctime/stop").status == 202)
            try await harness.waitFor("ctime", "stopped")
            #expect(try await ContainerProbe.waitForNoContainer(of: "ctime") == [])
            #expect(try harness.api("POST", "/api/v1beta/workloads/ctime/restart").status == 202)
            try await harness.waitFor("ctime", "running")
            #expect(try ContainerProbe.containers(of: "ctime").count == 1)
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/ctime").status == 202)
            try await harness.waitUntilDeleted("ctime")
            #expect(try await ContainerProbe.waitForNoContainer(of: "ctime") == [])
        }
    }

    @Test("a streamable-HTTP image through the reverse proxy; its secret reaches the container's environment only")
    func httpImageAndSecret() async throws {
        var environment = ContainerProbe.dockerHost
        environment["HIVEKEEP_SECRETS_PASSWORD"] = "container-test-vault-pw"
        try ContainerProbe.clear("chttp")
        try await withHarness(extraEnvironment: environment) { harness in
            try await harness.startServer()
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let secret = #"{"key":"api-key","value":"\#(Self.planted)"}"#
            #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", secret).status == 201)
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"chttp","image":"\#(TestContainerEngine.httpImage)","transport":"streamable-http","#
                    + #""target_port":8080,"env_vars":{"PLAIN":"visible","PYTHONVERBOSE":"1"},"#
                    + #""secrets":[{"name":"api-key","target":"API_KEY"}]}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("chttp", "running")
            let url = "http://127.0.0.1:\(port)/mcp"
            let reply = try await harness.mcpClient(url, "streamable", ["call", "env", #"{"name":"API_KEY"}"#])
            #expect(reply["content"] as? [String] == [Self.planted])
            let plain = try await harness.mcpClient(url, "streamable-legacy", ["call", "env", #"{"name":"PLAIN"}"#])
            #expect(plain["content"] as? [String] == ["visible"])
            let id = try #require(try ContainerProbe.containers(of: "chttp").first)
            #expect(try ContainerProbe.environment(of: id).contains("API_KEY=\(Self.planted)"))

            // The logs endpoint reads the engine's log: the interpreter's verbose import lines, at most 100.
            let logs = try harness.api("GET", "/api/v1beta/workloads/chttp/logs")
            #expect(logs.status == 200)
            #expect(logs.body.contains("import"))
            #expect(logs.body.split(separator: "\n").count <= 100)

            // Nothing HiveKeep writes holds the value: state, configuration, logs, export, command lines.
            let files =
                FileManager.default.enumerator(atPath: harness.directory.path)?.compactMap { $0 as? String } ?? []
            for file in files where !file.hasPrefix("client-logs") {
                let data = FileManager.default.contents(atPath: harness.directory.child(file)) ?? Data()
                #expect(data.range(of: Data(Self.planted.utf8)) == nil, "file \(file)")
            }
            #expect(!(try harness.api("GET", "/api/v1beta/workloads/chttp/export").body.contains(Self.planted)))
            #expect(!(try harness.api("GET", "/api/v1beta/workloads/chttp/proxy-logs").body.contains(Self.planted)))
            for pid in harness.processes() {
                let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
                #expect(!String(decoding: cmdline, as: UTF8.self).contains(Self.planted), "command line of \(pid)")
            }
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/chttp").status == 202)
            try await harness.waitUntilDeleted("chttp")
            #expect(try await ContainerProbe.waitForNoContainer(of: "chttp") == [])
        }
    }

    @Test("an image that is not present and cannot be pulled puts the workload in error, saying so")
    func unpullableImage() async throws {
        try ContainerProbe.clear("cabsent")
        try await withHarness(extraEnvironment: ContainerProbe.dockerHost) { harness in
            try await harness.startServer()
            let image = "localhost/hivekeep-test/absent:1"
            _ = try harness.json("POST", "/api/v1beta/workloads", #"{"name":"cabsent","image":"\#(image)"}"#)
            let summary = try await harness.waitFor("cabsent", "error")
            let context = summary["status_context"] as? String ?? ""
            #expect(context.contains("cannot pull \(image)"), "\(summary)")
            #expect(try ContainerProbe.containers(of: "cabsent") == [])
            let proxyLog = try harness.api("GET", "/api/v1beta/workloads/cabsent/proxy-logs").body
            #expect(proxyLog.contains("pulling the image"))
        }
    }

    @Test("an image that writes to its root filesystem is started again with a writable root, and says so")
    func readOnlyRootFallback() async throws {
        try ContainerProbe.clear("cwrites")
        try await withHarness(extraEnvironment: ContainerProbe.dockerHost) { harness in
            try await harness.startServer()
            let program =
                "open('/opt/hk-marker', 'w').close(); import runpy; runpy.run_module('mcp_server_time', run_name='__main__')"
            let body = try String(
                decoding: JSONSerialization.data(withJSONObject: [
                    "name": "cwrites", "image": TestContainerEngine.timeImage, "cmd_arguments": ["-c", program],
                ]), as: UTF8.self)
            let created = try harness.json("POST", "/api/v1beta/workloads", body)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("cwrites", "running")
            let reply = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "get_current_time", #"{"timezone":"UTC"}"#])
            #expect((reply["content"] as? [String])?.first?.contains("UTC") == true)
            let proxyLog = try harness.api("GET", "/api/v1beta/workloads/cwrites/proxy-logs").body
            #expect(proxyLog.contains("cannot run with a read-only root filesystem"))
            let id = try #require(try ContainerProbe.containers(of: "cwrites").first)
            let inspect = try ContainerProbe.call("GET", "/containers/\(id)/json")
            #expect(inspect.contains(#""ReadonlyRootfs":false"#), "\(inspect.prefix(300))")
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/cwrites").status == 202)
            try await harness.waitUntilDeleted("cwrites")
            #expect(try await ContainerProbe.waitForNoContainer(of: "cwrites") == [])
        }
    }

    @Test("a container killed from outside is started again, and it keeps running when the API server is killed")
    func killedContainerRestarts() async throws {
        try ContainerProbe.clear("ckill")
        try await withHarness(extraEnvironment: ContainerProbe.dockerHost) { harness in
            try await harness.startServer()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"ckill","image":"\#(TestContainerEngine.timeImage)"}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("ckill", "running")
            let first = try await ContainerProbe.waitForContainer(of: "ckill")
            try ContainerProbe.call("POST", "/containers/\(first)/kill?signal=KILL")
            let second = try await ContainerProbe.waitForContainer(of: "ckill", except: first)
            #expect(second != first)
            try await harness.waitFor("ckill", "running")
            try await harness.killServer()
            let url = "http://127.0.0.1:\(port)/mcp"
            let reply = try await harness.mcpClient(
                url, "streamable", ["call", "get_current_time", #"{"timezone":"UTC"}"#])
            #expect((reply["content"] as? [String])?.first?.contains("UTC") == true)
            try await harness.startServer()
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/ckill").status == 202)
            try await harness.waitUntilDeleted("ckill")
            #expect(try await ContainerProbe.waitForNoContainer(of: "ckill") == [])
        }
    }
}

/// `serve`'s reconciliation and containers it did not start.
@Suite(
    "container reconciliation", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct ContainerReconcileTests {
    @Test(
        "serve removes its own container whose workload is gone; another installation's stays, so does an unlabeled one"
    )
    func orphanRemoved() async throws {
        try ContainerProbe.clear("corphan")
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let foreign = try ContainerProbe.startForeign(
            "hk-foreign-\(suffix)",
            labels: [
                "dev.hivekeep.managed": "true", "dev.hivekeep.workload": "corphan",
                "dev.hivekeep.instance": "ffffffffffffffff",
            ])
        let bystander = try ContainerProbe.startForeign("hk-bystander-\(suffix)", labels: ["purpose": "test"])
        defer {
            _ = try? ContainerProbe.call("DELETE", "/containers/\(bystander)?force=true")
            _ = try? ContainerProbe.call("DELETE", "/containers/\(foreign)?force=true")
        }
        try await withHarness(extraEnvironment: ContainerProbe.dockerHost) { harness in
            try await harness.startServer()
            _ = try harness.json(
                "POST", "/api/v1beta/workloads", #"{"name":"corphan","image":"\#(TestContainerEngine.timeImage)"}"#)
            try await harness.waitFor("corphan", "running")
            let ours = try #require(try ContainerProbe.containers(of: "corphan").first { $0 != foreign })
            // The server and the runner die without a word; the workload's files go: its container is an orphan.
            try await harness.killServer()
            for pid in harness.processes() {
                let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
                if String(decoding: cmdline, as: UTF8.self).contains("proxy-runner") { kill(pid, SIGKILL) }
            }
            for file in ["state/hivekeep/runconfigs/corphan.json", "data/hivekeep/statuses/corphan.json"] {
                try FileManager.default.removeItem(atPath: harness.directory.child(file))
            }
            #expect(try ContainerProbe.exists(ours))
            try await harness.startServer()
            let deadline = ContinuousClock.now + .seconds(60)
            while try ContainerProbe.exists(ours), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(!(try ContainerProbe.exists(ours)))
            #expect(try ContainerProbe.exists(foreign))
            #expect(try ContainerProbe.exists(bystander))
        }
    }
}

/// Where the engine is, said by `serve` at start and by `doctor`.
@Suite(
    "container runtime status", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct ContainerStatusTests {
    @Test("serve's start-up log and doctor name the engine, its version and the socket it was found at")
    func statusLine() async throws {
        let socket = try #require(TestContainerEngine.socketPath)
        let product = try ContainerProbe.product()
        try await withHarness(extraEnvironment: ContainerProbe.dockerHost) { harness in
            try await harness.startServer()
            let deadline = ContinuousClock.now + .seconds(30)
            var log = ""
            while ContinuousClock.now < deadline {
                log = harness.server?.errorOutput ?? ""
                if log.contains("container runtime") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(log.contains("container runtime available"), "\(log.suffix(2000))")
            #expect(log.contains(product) && log.contains("unix://\(socket) ($DOCKER_HOST)"), "\(log.suffix(2000))")
            let report = try await DoctorTests.doctor(harness)
            #expect(report.outcome["container engine"] == "ok", "\(report.checks)")
            let detail = report.detail["container engine"] ?? ""
            #expect(detail.contains(product) && detail.contains("unix://\(socket) ($DOCKER_HOST)"), "\(detail)")
        }
    }
}

/// Without an engine only image workloads are refused.
@Suite("container workloads without an engine", .serialized, .timeLimit(.minutes(5)))
struct ContainerNoEngineTests {
    @Test("an image workload is a 503 naming where HiveKeep looked; a malformed reference is still a 400")
    func noEngine() async throws {
        let system = ["/run/podman/podman.sock", "/var/run/docker.sock"]
        guard !system.contains(where: { FileManager.default.fileExists(atPath: $0) }) else {
            print("skipped: a system engine socket exists on this machine, so an engine may answer")
            return
        }
        try await withHarness(extraEnvironment: ["DOCKER_HOST": "unix:///nonexistent/hivekeep-test.sock"]) { harness in
            try await harness.startServer()
            let response = try harness.api(
                "POST", "/api/v1beta/workloads", #"{"name":"img","image":"localhost/hivekeep-test/time:1"}"#)
            #expect(response.status == 503)
            #expect(response.body.contains("no container engine found"))
            #expect(response.body.contains("/nonexistent/hivekeep-test.sock"))
            #expect(try harness.api("GET", "/api/v1beta/workloads/img").status == 404)
            let malformed = try harness.api(
                "POST", "/api/v1beta/workloads", #"{"name":"img","image":"localhost/Bad:1"}"#)
            #expect(malformed.status == 400)
            #expect(malformed.body.contains("invalid image reference"))
        }
    }
}

/// A ToolHive export of an image workload imports and runs; HiveKeep's export of it is a ToolHive RunConfig.
@Suite(
    "container workloads: export and import", .serialized, .timeLimit(.minutes(10)),
    .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct ContainerTransferTests {
    /// What `thv export` writes for a streamable-HTTP image workload (its fields as ToolHive's runner.RunConfig).
    static let toolhiveExport = #"""
        {"schema_version":"v0.1.0","image":"\#(TestContainerEngine.httpImage)","cmd_args":[],"name":"osvish",
         "container_name":"osvish","base_name":"osvish","transport":"streamable-http","host":"127.0.0.1",
         "port":0,"target_port":8080,"target_host":"127.0.0.1","permission_profile_name_or_path":"network",
         "permission_profile":{"name":"network","network":{"outbound":{"insecure_allow_all":true}}},
         "env_vars":{"MCP_TRANSPORT":"streamable-http","MCP_PORT":"8080","FASTMCP_PORT":"8080",
         "MCP_HOST":"127.0.0.1","GREETING":"from-toolhive"},
         "container_labels":{"toolhive":"true","toolhive-name":"osvish","toolhive-basename":"osvish",
         "toolhive-transport":"streamable-http","toolhive-port":"0"},
         "isolate_network":false,"proxy_mode":"streamable-http","group":"default","secrets":[],"volumes":[]}
        """#

    @Test("a ToolHive RunConfig of an image imports and runs; the export carries image, transport, ports and labels")
    func toolhiveImportRuns() async throws {
        try ContainerProbe.clear("imported")
        try await withHarness(extraEnvironment: ContainerProbe.dockerHost) { harness in
            try await harness.startServer()
            let imported = try harness.api(
                "POST", "/api/v1beta/workloads/import?allow_unsigned=true&name=imported", Self.toolhiveExport)
            #expect(imported.status == 201, "\(imported.body)")
            let summary = try await harness.waitFor("imported", "running")
            let url = try #require(summary["url"] as? String)
            let reply = try await harness.mcpClient(url, "streamable", ["call", "env", #"{"name":"GREETING"}"#])
            #expect(reply["content"] as? [String] == ["from-toolhive"])

            let export = try harness.json("GET", "/api/v1beta/workloads/imported/export")
            #expect(export["image"] as? String == TestContainerEngine.httpImage)
            #expect(export["transport"] as? String == "streamable-http")
            #expect(export["target_port"] as? Int == 8080)
            #expect((export["port"] as? Int ?? 0) > 0)
            #expect((export["container_labels"] as? [String: String])?["toolhive-name"] == "imported")
            #expect((export["permission_profile"] as? [String: Any])?["name"] as? String == "network")
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/imported").status == 202)
            try await harness.waitUntilDeleted("imported")
            #expect(try await ContainerProbe.waitForNoContainer(of: "imported") == [])
        }
    }
}
