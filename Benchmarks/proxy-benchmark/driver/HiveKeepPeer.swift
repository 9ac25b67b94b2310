import Foundation
import HiveKeepTestSupport

/// Leg (b)'s set-up: a real `hivekeep serve` in a throwaway home, with one `exec://` workload per server created
/// through the REST API; each workload's proxy runner serves streamable HTTP on its own port.
final class HiveKeepPeer {
    let directory: TemporaryDirectory
    let environment: [String: String]
    let apiPort: Int
    private var server: ChildProcess?
    /// The workloads created so far and their MCP ports.
    private var workloads: [String: Int] = [:]

    init(hivekeep: String, path: String, dockerHost: String? = nil) throws {
        directory = try TemporaryDirectory(prefix: "hk-bench")
        apiPort = try RawHTTP.freePort()
        var extra = ["HIVEKEEP_RUNNER_PATH": hivekeep, "UV_PYTHON_DOWNLOADS": "never", "PATH": path]
        if let dockerHost { extra["DOCKER_HOST"] = dockerHost }
        environment = directory.isolatedEnvironment(extra: extra)
        let server = try ChildProcess(
            hivekeep, ["serve", "--port", "\(apiPort)"], environment: environment, logDirectory: directory.path,
            name: "serve")
        self.server = server
        for _ in 0..<500 {
            if RawHTTP.isListening(.tcp(port: apiPort)) { return }
            usleep(20_000)
        }
        throw BenchmarkError("hivekeep serve did not start: \(server.errorOutput)")
    }

    /// The proxy token of the workload for `server` (the file `hivekeep proxy-token` prints), nil when there is none.
    func token(_ server: BenchServer) -> String? {
        let path = directory.child("data") + "/hivekeep/statuses/bench-\(server.name).token"
        return (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Creates the workload for `server`, waits until it is running, and returns its MCP port.
    func start(_ server: BenchServer) throws -> Int {
        let name = "bench-\(server.name)"
        if let port = workloads[name] { return port }
        let began = Monotonic.now()
        let created = try RawHTTP.request(
            "POST", "/api/v1beta/workloads", to: .tcp(port: apiPort),
            headers: ["Content-Type": "application/json"].merging(directory.apiTokenHeader()) { a, _ in a },
            body: server.workloadBody(name: name))
        guard created.status == 201,
            let object = try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any],
            let port = object["port"] as? Int
        else {
            throw BenchmarkError("creating \(name) answered \(created.status): \(created.body)")
        }
        for _ in 0..<6000 {
            let status = try RawHTTP.request(
                "GET", "/api/v1beta/workloads/\(name)/status", to: .tcp(port: apiPort),
                headers: directory.apiTokenHeader())
            if status.body.contains(#""running""#) {
                let milliseconds = (Monotonic.now() - began) / 1_000_000
                print("\(server.name): POST /workloads to running in \(milliseconds) ms (polled every 20 ms)")
                workloads[name] = port
                return port
            }
            if status.body.contains(#""error""#) { break }
            usleep(20_000)
        }
        let logs = try? RawHTTP.request(
            "GET", "/api/v1beta/workloads/\(name)/proxy-logs", to: .tcp(port: apiPort),
            headers: directory.apiTokenHeader())
        throw BenchmarkError("\(name) did not reach running; proxy log:\n\(logs?.body ?? "")")
    }

    /// Deletes the workloads, stops the server, kills anything left that runs in this home, removes the files.
    func stop() {
        for name in workloads.keys {
            _ = try? RawHTTP.request(
                "DELETE", "/api/v1beta/workloads/\(name)", to: .tcp(port: apiPort), headers: directory.apiTokenHeader())
        }
        for _ in 0..<100 where !processes().filter({ $0 != server?.pid }).isEmpty { usleep(100_000) }
        server?.signal(SIGTERM)
        for _ in 0..<100 where server?.isRunning == true { usleep(100_000) }
        for pid in processes() { kill(pid, SIGKILL) }
        server?.kill()
        directory.remove()
    }

    /// Every process whose environment names this home (the server, its proxy runners and their children).
    func processes() -> [Int32] {
        let marker = "HOME=\(directory.child("home"))"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != getpid(), let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else {
                return false
            }
            return data.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == marker }
        }
    }
}
