import Foundation
import HiveKeepTestSupport

/// Leg (c)'s set-up: `mcp-proxy --host 127.0.0.1 --port P -- CMD` (0.13.0, its own venv) for one server, serving
/// streamable HTTP at /mcp. Its log level is WARNING so that per-request logging does not count against it.
final class MCPProxyPeer {
    let port: Int
    private let process: ChildProcess

    init(mcpProxy: String, server: BenchServer, environment: [String: String], logDirectory: String) throws {
        port = try RawHTTP.freePort()
        process = try ChildProcess(
            mcpProxy,
            ["--host", "127.0.0.1", "--port", "\(port)", "--log-level", "WARNING", "--", server.command]
                + server.arguments,
            environment: environment, logDirectory: logDirectory, name: "mcp-proxy-\(server.name)")
        for _ in 0..<1500 {
            if RawHTTP.isListening(.tcp(port: port)) { return }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        process.kill()
        throw BenchmarkError("mcp-proxy did not start: \(process.errorOutput.suffix(2000))")
    }

    /// Kills mcp-proxy and its server (they share a process group).
    func stop() { process.kill() }
}
