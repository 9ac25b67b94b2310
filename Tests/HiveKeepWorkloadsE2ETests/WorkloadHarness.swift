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
        var headers = directory.apiTokenHeader()
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

    /// Waits until the workloads are gone from the list (a delete answers 202 and finishes in the background).
    func waitUntilDeleted(_ names: String..., timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        for name in names {
            while try summary(name) != nil {
                guard ContinuousClock.now < deadline else { throw TestSupportError("\(name) was not deleted") }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Where the test's own client processes write their output: what the client received, secrets included, so
    /// the searches for leaked secrets leave this directory out.
    var clientLogs: String { directory.child("client-logs") }

    /// Runs the reference Python client against `url` and returns its JSON output. It sends the proxy token of the
    /// workload on that port unless `token` is given (`.some(nil)`: none).
    func mcpClient(_ url: String, _ transport: String, _ action: [String], token: String?? = nil) async throws
        -> [String: Any]
    {
        try FileManager.default.createDirectory(atPath: clientLogs, withIntermediateDirectories: true)
        let bearer: String?
        if let token { bearer = token } else { bearer = try await proxyToken(forURL: url) }
        var environment = environment
        environment["MCP_BEARER"] = bearer ?? ""
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

    /// Installs Cursor in the harness home (its config directory) and registers it with the default group through
    /// the API; returns the path of the `mcp.json` HiveKeep then writes workload entries into.
    func registerCursor() throws -> String {
        try FileManager.default.createDirectory(
            atPath: directory.child("home/.cursor"), withIntermediateDirectories: true)
        let register = try api("POST", "/api/v1beta/clients/register", #"{"names":["cursor"],"groups":["default"]}"#)
        guard register.status == 200 else {
            throw TestSupportError("registering cursor answered \(register.status): \(register.body)")
        }
        return directory.child("home/.cursor/mcp.json")
    }

    /// Creates an `exec://` workload `name` running the env-reporting test server (with `proxy_auth` when given),
    /// waits until it runs, and returns its proxy port.
    func runEnvServer(named name: String, proxyAuth: String? = nil) async throws -> Int {
        let script = try envServerScript()
        let auth = proxyAuth.map { #","proxy_auth":"\#($0)""# } ?? ""
        let created = try json(
            "POST", "/api/v1beta/workloads", #"{"name":"\#(name)","image":"exec://\#(script)"\#(auth)}"#)
        guard let port = created["port"] as? Int else { throw TestSupportError("create \(name) gave no port") }
        try await waitFor(name, "running")
        return port
    }

    /// An executable script that runs the env-reporting test server (for `exec://`).
    func envServerScript() throws -> String {
        // A directory of its own (the sandbox binds an exec:// program's directory) and the venv's Python as its
        // interpreter (the sandbox binds a script's interpreter's prefix).
        let server = directory.child("server")
        try FileManager.default.createDirectory(atPath: server, withIntermediateDirectories: true)
        let path = "\(server)/env-server.py"
        let source = try String(contentsOfFile: "\(Self.fixtures)/env_server.py", encoding: .utf8)
        let script = "#!\(try PythonTools.executable("python"))\n" + source
        try script.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    /// Every process that belongs to this harness: one with a variable of its environment (HOME, the XDG
    /// directories, a uv cache...) or its working directory inside the harness directory. The API server, runners,
    /// MCP servers (their allowlisted HOME is the harness's) and the test's own clients all qualify.
    func processes() -> [Int32] {
        let root = directory.path + "/"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != getpid() else { return false }
            if let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"),
                (cwd + "/").hasPrefix(root)
            {
                return true
            }
            // Read to the end: /proc files report a size of 0, which whole-file readers may take literally.
            // (readToEnd throws where readDataToEndOfFile would trap: the process may be gone by now.)
            guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/environ"),
                let data = try? handle.readToEnd()
            else { return false }
            return data.split(separator: 0).contains { variable in
                guard let equals = variable.firstIndex(of: UInt8(ascii: "=")) else { return false }
                let value = String(decoding: variable[variable.index(after: equals)...], as: UTF8.self)
                return (value + "/").hasPrefix(root)
            }
        }
    }

    /// The command lines of `pids` (for failure messages).
    static func describe(_ pids: [Int32]) -> [String] {
        pids.map { pid in
            let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            return "\(pid): " + String(decoding: cmdline.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        }
    }

    /// Waits until no process of the harness is left (runners and servers exit after a delete or a stop in the
    /// background); returns the command lines of those still there after `timeout`.
    func leftoverProcesses(timeout: Duration = .seconds(30)) async -> [String] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !processes().isEmpty {
            try? await Task.sleep(for: .milliseconds(100))
        }
        return Self.describe(processes())
    }

    /// Stops the API server with SIGTERM and waits for it; then every process of the harness must have exited by
    /// itself (the test deleted or stopped its workloads): returns those still there after `timeout`.
    func stopServerAndListLeftovers(timeout: Duration = .seconds(30)) async -> [String] {
        server?.signal(SIGTERM)
        _ = try? await server?.wait(timeout: .seconds(20))
        return await leftoverProcesses(timeout: timeout)
    }

    /// Kills every process the harness left (SIGKILL), reaps the API server, then removes its files.
    /// - Returns: the processes still found after the kills (none unless one escaped them).
    @discardableResult
    func tearDown() async -> [String] {
        server?.kill()
        for pid in processes() { kill(pid, SIGKILL) }
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, !processes().isEmpty {
            for pid in processes() { kill(pid, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        let survivors = Self.describe(processes())
        directory.remove()
        return survivors
    }
}

/// Runs `body` with a new ``WorkloadHarness``, then always tears it down and awaits that, whether `body` returned or
/// threw (a `defer` cannot await), and rethrows `body`'s error.
///
/// After a `body` that returned, the API server is stopped with SIGTERM and every process of the harness (runners,
/// MCP servers, clients) must be gone by itself: a test deletes or stops what it started. Whatever the outcome, the
/// teardown kills what is left and no process of the harness may survive it.
func withHarness(
    extraEnvironment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (WorkloadHarness) async throws -> Void
) async throws {
    let harness = try WorkloadHarness(extraEnvironment: extraEnvironment)
    let outcome: Result<Void, any Error>
    do {
        try await body(harness)
        outcome = .success(())
    } catch {
        outcome = .failure(error)
    }
    if case .success = outcome {
        let leftovers = await harness.stopServerAndListLeftovers()
        #expect(leftovers == [], "processes the test left running", sourceLocation: sourceLocation)
    }
    let survivors = await harness.tearDown()
    #expect(survivors == [], "processes that survived the teardown", sourceLocation: sourceLocation)
    try outcome.get()
}
