import Foundation
import HiveKeepTestSupport
import Testing

/// What the transfer tests add to ``WorkloadHarness``: a second API server on a Unix socket over the same home,
/// the `hivekeep` CLI, OpenSSL, and envelope surgery on JSON.
final class TransferSupport: @unchecked Sendable {
    let harness: WorkloadHarness
    let socketPath: String
    private(set) var socketServer: ChildProcess?

    init(_ harness: WorkloadHarness) {
        self.harness = harness
        socketPath = harness.directory.child("api.sock")
    }

    /// Runs `body` with a new harness and its transfer support, then stops every process they started, whether
    /// `body` returns or throws (a `defer` cannot await the teardown). When `body` returns, every workload is
    /// deleted and both servers are stopped the ordinary way first, and no process of the harness may be left.
    static func run(
        environment: [String: String] = [:], _ body: (WorkloadHarness, TransferSupport) async throws -> Void
    ) async throws {
        let harness = try WorkloadHarness(extraEnvironment: environment)
        let transfer = TransferSupport(harness)
        do {
            try await body(harness, transfer)
            try await transfer.finish()
        } catch {
            await transfer.stop()
            await harness.tearDown()
            throw error
        }
        await transfer.stop()
        await harness.tearDown()
    }

    /// Deletes every workload through the API and waits until they are gone, stops both servers with SIGTERM, and
    /// expects no process of the harness to be left.
    func finish() async throws {
        if harness.server != nil {
            let listed = try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [[String: Any]]
            for name in (listed ?? []).compactMap({ $0["name"] as? String }) {
                // A workload the test deleted itself may be gone by now.
                let deleted = try harness.api("DELETE", "/api/v1beta/workloads/\(name)")
                #expect([202, 404].contains(deleted.status), "delete \(name): \(deleted.status) \(deleted.body)")
            }
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                let left = try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [[String: Any]]
                if left?.isEmpty ?? true { break }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        await stop()
        harness.server?.signal(SIGTERM)
        _ = try await harness.server?.wait(timeout: .seconds(20))
        #expect(await harness.leftoverProcesses() == [])
    }

    /// Starts `hivekeep serve --socket` over the harness's home and waits until it answers.
    func startSocketServer() async throws {
        let server = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["serve", "--socket", socketPath],
            environment: harness.environment, logDirectory: harness.directory.path, name: "socket-server")
        socketServer = server
        for _ in 0..<500 {
            if RawHTTP.isListening(.unixSocket(socketPath)) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSupportError("socket server did not start: \(server.errorOutput)")
    }

    /// One API call over the Unix socket.
    func socketAPI(_ method: String, _ path: String, _ body: String? = nil) throws -> RawHTTP.Response {
        var headers: [String: String] = [:]
        if body != nil { headers["Content-Type"] = "application/json" }
        return try RawHTTP.request(method, path, to: .unixSocket(socketPath), headers: headers, body: body ?? "")
    }

    /// Runs `hivekeep ARGS` with the harness's environment; returns its exit status and output.
    func cli(_ arguments: [String], input: String? = nil) async throws -> (status: Int32, output: String, error: String)
    {
        let process = try ChildProcess(
            try TestProducts.executable("hivekeep"), arguments, environment: harness.environment,
            logDirectory: harness.directory.path, standardInput: input)
        let status = try await process.wait(timeout: .seconds(60))
        return (status, process.output, process.errorOutput)
    }

    /// Runs a tool (openssl, sh) with the harness's environment.
    func run(_ executable: String, _ arguments: [String], extra: [String: String] = [:]) async throws -> (
        status: Int32, output: String, error: String
    ) {
        var environment = harness.environment
        environment.merge(extra) { _, new in new }
        let process = try ChildProcess(
            executable, arguments, environment: environment, logDirectory: harness.directory.path)
        let status = try await process.wait(timeout: .seconds(300))
        return (status, process.output, process.errorOutput)
    }

    /// Writes `bytes` to a file in the harness directory and returns its path.
    func file(_ name: String, _ bytes: some Collection<UInt8>) throws -> String {
        let path = harness.directory.child(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The import endpoint with query `query`, over TCP.
    func importBody(_ body: String, _ query: String = "") throws -> RawHTTP.Response {
        try harness.api("POST", "/api/v1beta/workloads/import" + (query.isEmpty ? "" : "?" + query), body)
    }

    /// Whether a workload of that name exists (GET answers 200), and its run configuration file.
    func exists(_ name: String) throws -> Bool {
        let answered = try harness.api("GET", "/api/v1beta/workloads/\(name)").status
        let file = harness.directory.child("state/hivekeep/runconfigs/\(name).json")
        return answered == 200 || FileManager.default.fileExists(atPath: file)
    }

    func stop() async {
        socketServer?.signal(SIGTERM)
        _ = try? await socketServer?.wait(timeout: .seconds(10))
        socketServer = nil
    }
}

/// DSSE envelopes as JSON objects, for tests that change them.
enum Envelope {
    static func parse(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func text(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func payload(_ envelope: [String: Any]) throws -> [UInt8] {
        let text = try #require(envelope["payload"] as? String)
        return Array(try #require(Data(base64Encoded: text)))
    }

    /// DSSE's pre-authentication encoding, written independently of HiveKeep's.
    static func pae(type: String, payload: [UInt8]) -> [UInt8] {
        Array("DSSEv1 \(type.utf8.count) \(type) \(payload.count) ".utf8) + payload
    }
}
