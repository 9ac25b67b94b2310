import AsyncHTTPClient
import Foundation
import HiveKeepAuth
import HiveKeepProxy
import HiveKeepTestSupport
import Logging
import NIOCore
import NIOHTTP1

/// A stdio MCP server started by a test, with pipes the bridge takes over.
final class StdioChild: @unchecked Sendable {
    // @unchecked: `process` is only mutated in init; the fds are handed to the bridge once.
    let process: Process
    let writeFD: Int32
    let readFD: Int32

    /// The real `mcp-server-time` from the venv.
    static func timeServer() throws -> StdioChild {
        try StdioChild(try PythonTools.executable("mcp-server-time"), ["--local-timezone", "UTC"])
    }

    /// The session-era-only echo server fixture.
    static func echoServer() throws -> StdioChild {
        try StdioChild(try PythonTools.executable("python"), [Fixtures.path("echo_server.py")])
    }

    init(_ executable: String, _ arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "PYTHONUNBUFFERED": "1"]
        if let mark = ProcessInfo.processInfo.environment["HIVEKEEP_TEST_RUN"] {
            environment["HIVEKEEP_TEST_RUN"] = mark
        }
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        writeFD = dup(input.fileHandleForWriting.fileDescriptor)
        readFD = dup(output.fileHandleForReading.fileDescriptor)
        try input.fileHandleForWriting.close()
        try output.fileHandleForReading.close()
    }

    /// Kills the child and reaps it.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

enum Fixtures {
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    /// Runs the reference Python client fixture (sending `token` as `Authorization: Bearer`, when given) and
    /// returns its JSON summary.
    static func pythonClient(
        _ transport: String, url: String, mode: String, tool: String = "get_current_time", token: String?
    ) async throws -> [String: Any] {
        let directory = NSTemporaryDirectory() + "hivekeep-proxy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let child = try ChildProcess(
            try PythonTools.executable("python"), [path("mcp_client.py"), transport, url, mode, tool],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory, "MCP_BEARER": token ?? ""],
            logDirectory: directory)
        defer { child.kill() }
        let status = try await child.wait(timeout: .seconds(60))
        guard status == 0, let line = child.output.split(separator: "\n").last,
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw TestSupportError("python client failed (\(status)): \(child.errorOutput.suffix(2000))")
        }
        return object
    }
}

/// A bridge with a child attached and a proxy server running on a free port.
final class ProxyHarness: @unchecked Sendable {
    // @unchecked: `child` is replaced only by the test's own sequential code (reattach).
    let bridge: StdioBridge
    let port: Int
    var child: StdioChild
    /// The proxy's token (a real token file in a temporary directory).
    let tokenFile: ProxyTestToken
    private let serverTask: Task<Void, any Error>

    static let logger: Logger = {
        var logger = Logger(label: "proxy-test")
        logger.logLevel = .critical
        return logger
    }()

    init(
        child: StdioChild, policy: ToolPolicy = .init(), allowedOrigins: [String] = [],
        limits: MCPProxyLimits = .standard, upstreamProtocol: UpstreamProtocolPreference = .sessionFirst,
        oidc: ProxyAuthentication.OIDC? = nil
    ) async throws {
        let tokenFile = try ProxyTestToken()
        self.tokenFile = tokenFile
        let configuration = MCPProxyConfiguration(
            port: 0, serverName: "test", authentication: .required(token: try tokenFile.source(), oidc: oidc),
            toolPolicy: policy, allowedOrigins: allowedOrigins, limits: limits, upstreamProtocol: upstreamProtocol)
        let bridge = StdioBridge(configuration: configuration, logger: Self.logger)
        self.bridge = bridge
        self.child = child
        do {
            try await bridge.attach(writingTo: child.writeFD, readingFrom: child.readFD, timeout: .seconds(120))
        } catch {
            child.kill()
            throw error
        }
        let server = MCPProxyServer.stdio(bridge: bridge, configuration: configuration, logger: Self.logger)
        do {
            (port, serverTask) = try await Self.serve(server)
        } catch {
            await bridge.shutdown()
            child.kill()
            throw error
        }
    }

    /// Runs `server` and waits for its port.
    static func serve(_ server: MCPProxyServer) async throws -> (Int, Task<Void, any Error>) {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            // Finishing the stream when `run` ends makes a server that fails before binding an error here, not a hang.
            defer { continuation.finish() }
            try await server.run { continuation.yield($0) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestSupportError("the proxy did not start") }
        return (port, task)
    }

    /// Kills the child, re-attaches `replacement`.
    func replaceChild(with replacement: StdioChild) async throws {
        child.kill()
        await bridge.detach(reason: "test killed the server")
        child = replacement
        try await bridge.attach(writingTo: replacement.writeFD, readingFrom: replacement.readFD, timeout: .seconds(120))
    }

    func stop() async {
        serverTask.cancel()
        _ = try? await serverTask.value
        await bridge.shutdown()
        child.kill()
        tokenFile.remove()
    }

    /// The proxy's current token.
    var token: String { tokenFile.token }

    var url: String { "http://127.0.0.1:\(port)" }
}

extension StdioChild {
    /// The steerable control server fixture (`hold`, `release`, `seen`, `log`); `stateless` makes it answer
    /// `server/discover` as a 2026-07-28 server.
    static func controlServer(stateless: Bool = false) throws -> StdioChild {
        try StdioChild(
            try PythonTools.executable("python"),
            [Fixtures.path("control_server.py")] + (stateless ? ["--stateless"] : []))
    }
}

extension ProxyHarness {
    /// Runs `body` with a new harness, then always stops it (and awaits that), whether `body` returned or threw.
    static func runWithoutHTTP(
        child: @autoclosure () throws -> StdioChild, policy: ToolPolicy = .init(), allowedOrigins: [String] = [],
        limits: MCPProxyLimits = .standard, upstreamProtocol: UpstreamProtocolPreference = .sessionFirst,
        _ body: (ProxyHarness) async throws -> Void
    ) async throws {
        let harness = try await ProxyHarness(
            child: try child(), policy: policy, allowedOrigins: allowedOrigins, limits: limits,
            upstreamProtocol: upstreamProtocol)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    /// Runs `body` with a new harness and an HTTP client on it, then always shuts both down (and awaits that),
    /// whether `body` returned or threw.
    static func run(
        child: @autoclosure () throws -> StdioChild, policy: ToolPolicy = .init(), allowedOrigins: [String] = [],
        limits: MCPProxyLimits = .standard, upstreamProtocol: UpstreamProtocolPreference = .sessionFirst,
        _ body: (ProxyHarness, TestHTTP) async throws -> Void
    ) async throws {
        try await runWithoutHTTP(
            child: try child(), policy: policy, allowedOrigins: allowedOrigins, limits: limits,
            upstreamProtocol: upstreamProtocol
        ) { harness in
            try await Self.withHTTP(base: harness.url, token: harness.token) { http in try await body(harness, http) }
        }
    }

    /// Runs `body` with a reverse proxy (applying `policy`) in front of this harness's proxy and an HTTP client on
    /// the reverse proxy, then always shuts both down (and awaits that), whether `body` returned or threw.
    /// The reverse proxy has its own token (the client sends it) and sends this harness's token upstream as a
    /// static credential; it strips the client's own `Authorization`.
    func runReverseProxy(policy: ToolPolicy = .init(), _ body: (TestHTTP) async throws -> Void) async throws {
        guard let target = URL(string: url + "/mcp") else { throw TestSupportError("bad proxy URL \(url)") }
        let frontToken = try ProxyTestToken()
        defer { frontToken.remove() }
        let configuration = MCPProxyConfiguration(
            port: 0, serverName: "reverse", authentication: .required(token: try frontToken.source()),
            upstreamHeaders: ["Authorization": "Bearer \(token)"], toolPolicy: policy)
        let front = MCPProxyServer.reverse(target: target, configuration: configuration, logger: Self.logger)
        try await Self.withServed(front, token: frontToken.token, body)
    }

    /// Serves `server`, runs `body` with an HTTP client on it (sending `token`), then always stops the server (and
    /// awaits that), whether `body` returned or threw.
    static func withServed(
        _ server: MCPProxyServer, token: String, _ body: (TestHTTP) async throws -> Void
    ) async throws {
        let (port, task) = try await serve(server)
        do {
            try await withHTTP(base: "http://127.0.0.1:\(port)", token: token, body)
        } catch {
            task.cancel()
            _ = try? await task.value
            throw error
        }
        task.cancel()
        _ = try? await task.value
    }

    /// Runs `body` with an HTTP client on `base`, then always shuts the client down (and awaits that).
    static func withHTTP(base: String, token: String?, _ body: (TestHTTP) async throws -> Void) async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await body(TestHTTP(client: client, base: base, token: token))
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
    }
}

/// A proxy token in a real token file (0600) in its own temporary directory.
struct ProxyTestToken: Sendable {
    let file: TokenFile
    let token: String

    init() throws {
        let directory = NSTemporaryDirectory() + "hivekeep-token-\(UUID().uuidString)"
        file = TokenFile(path: directory + "/proxy.token")
        token = try file.ensure()
    }

    func source() throws -> ProxyTokenSource { try ProxyTokenSource(file: file) }

    func remove() {
        file.remove()
        try? FileManager.default.removeItem(atPath: (file.path as NSString).deletingLastPathComponent)
    }
}
