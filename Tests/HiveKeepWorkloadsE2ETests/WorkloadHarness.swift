import Foundation
import HiveKeepTestSupport
import Testing

/// A real `hivekeep serve` in an isolated home, with the built binary as the workload runner, fast restart
/// figures, the test venv's `uv`, and helpers to call the API and the reference Python MCP client.
final class WorkloadHarness: @unchecked Sendable {
    let directory: TemporaryDirectory
    let port: Int
    private(set) var server: ChildProcess?
    let environment: [String: String]

    static var fixtures: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    }

    init(extraEnvironment: [String: String] = [:]) throws {
        directory = try TemporaryDirectory(prefix: "hk-wl")
        port = try RawHTTP.freePort()
        let venvBin = PythonTools.binDirectory
        var extra = [
            "HIVEKEEP_RUNNER_PATH": try TestProducts.executable("hivekeep"),
            "HIVEKEEP_RESTART_INITIAL_DELAY_MS": "100",
            "HIVEKEEP_RESTART_MAX_DELAY_MS": "400",
            "HIVEKEEP_RESTART_MAX_ATTEMPTS": "3",
            "HIVEKEEP_RESTART_STABLE_AFTER_MS": "60000",
            "UV_CACHE_DIR": PythonTools.uvCacheDirectory(fallback: directory.child("uv-cache")),
            "UV_PYTHON_DOWNLOADS": "never",
            "PATH": venvBin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ]
        let passed = [
            "UV_INDEX_URL", "UV_DEFAULT_INDEX", "UV_NATIVE_TLS", "SSL_CERT_FILE", "SSL_CERT_DIR", "HTTP_PROXY",
            "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "HIVEKEEP_TEST_RUN",
        ]
        for name in passed {
            if let value = ProcessInfo.processInfo.environment[name] { extra[name] = value }
        }
        extra.merge(extraEnvironment) { _, new in new }
        environment = directory.isolatedEnvironment(extra: extra)
    }

    /// Starts (or restarts) the API server and waits until it answers.
    func startServer() async throws {
        let server = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["serve", "--port", "\(port)"], environment: environment,
            logDirectory: directory.path)
        self.server = server
        for _ in 0..<500 {
            if RawHTTP.isListening(.tcp(port: port)) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSupportError("server did not start: \(server.errorOutput)")
    }

    /// Kills the API server with SIGKILL (workloads must survive it).
    func killServer() async throws {
        server?.signal(SIGKILL)
        _ = try await server?.wait(timeout: .seconds(10))
        server = nil
    }

    /// One API call; the body is JSON text.
    func api(_ method: String, _ path: String, _ body: String? = nil) throws -> RawHTTP.Response {
        var headers: [String: String] = [:]
        if body != nil { headers["Content-Type"] = "application/json" }
        return try RawHTTP.request(method, path, to: .tcp(port: port), headers: headers, body: body ?? "")
    }

    /// The decoded JSON of a 2xx response.
    func json(_ method: String, _ path: String, _ body: String? = nil) throws -> [String: Any] {
        let response = try api(method, path, body)
        guard (200..<300).contains(response.status) else {
            throw TestSupportError("\(method) \(path) answered \(response.status): \(response.body)")
        }
        return try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any] ?? [:]
    }

    /// The workload's summary from `?all=true`, or nil.
    func summary(_ name: String) throws -> [String: Any]? {
        let list = try json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [[String: Any]] ?? []
        return list.first { $0["name"] as? String == name }
    }

    /// Waits until the workload reaches `status`; fails with its last status and logs otherwise.
    @discardableResult
    func waitFor(_ name: String, _ status: String, timeout: Duration = .seconds(120)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any]?
        while ContinuousClock.now < deadline {
            last = try summary(name)
            if last?["status"] as? String == status { return last ?? [:] }
            try await Task.sleep(for: .milliseconds(100))
        }
        let logs = (try? api("GET", "/api/v1beta/workloads/\(name)/proxy-logs").body) ?? ""
        throw TestSupportError(
            "\(name) did not reach \(status); last: \(String(describing: last)); proxy log:\n\(logs)")
    }

    /// Where the test's own client processes write their output: what the client received, secrets included, so
    /// the searches for leaked secrets leave this directory out.
    var clientLogs: String { directory.child("client-logs") }

    /// Runs the reference Python client against `url` and returns its JSON output.
    func mcpClient(_ url: String, _ transport: String, _ action: [String]) async throws -> [String: Any] {
        try FileManager.default.createDirectory(atPath: clientLogs, withIntermediateDirectories: true)
        let client = try ChildProcess(
            try PythonTools.executable("python"), [Self.fixtures + "/mcp_client.py", url, transport] + action,
            environment: environment, logDirectory: clientLogs)
        let status = try await client.wait(timeout: .seconds(60))
        guard status == 0 else {
            throw TestSupportError("mcp client failed (\(status)): \(client.errorOutput.suffix(2000))")
        }
        let line = client.output.split(separator: "\n").last.map(String.init) ?? ""
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
    }

    /// An executable script that runs the env-reporting test server (for `exec://`).
    func envServerScript() throws -> String {
        let path = directory.child("env-server.sh")
        let script = "#!/bin/sh\nexec \"\(try PythonTools.executable("python"))\" \"\(Self.fixtures)/env_server.py\"\n"
        try script.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    /// Every process that belongs to this harness (its HOME or data directory appears in its environment).
    func processes() -> [Int32] {
        let markers = ["HOME=\(directory.child("home"))", "XDG_DATA_HOME=\(directory.child("data"))"]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != getpid(), let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else {
                return false
            }
            let variables = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return variables.contains { markers.contains($0) }
        }
    }

    /// Waits until no process of the harness is left (runners and servers exit after a delete or a stop in the
    /// background); returns the command lines of those still there after `timeout`.
    func leftoverProcesses(timeout: Duration = .seconds(30)) async -> [String] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !processes().isEmpty {
            try? await Task.sleep(for: .milliseconds(100))
        }
        return processes().map { pid in
            let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            return "\(pid): " + String(decoding: cmdline.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        }
    }

    /// Stops the server and kills every process the harness left, then removes its files.
    func tearDown() async {
        for pid in processes() { kill(pid, SIGKILL) }
        _ = try? await server?.wait(timeout: .seconds(5))
        try? await Task.sleep(for: .milliseconds(100))
        directory.remove()
    }
}
