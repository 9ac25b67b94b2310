import Foundation
import HiveKeepTestSupport
import Testing

/// Runs the built `hivekeep` binary as a user would.
@Suite("hivekeep serve", .serialized, .timeLimit(.minutes(2)))
struct ServeCommandTests {
    /// Waits until `target` accepts connections or the process exits.
    func waitUntilListening(_ target: RawHTTP.Target, _ server: ChildProcess) async throws {
        for _ in 0..<300 {
            if RawHTTP.isListening(target) { return }
            guard server.isRunning else {
                throw TestSupportError("server exited early: \(server.errorOutput)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        server.kill()
        throw TestSupportError("server did not start listening: \(server.errorOutput)")
    }

    @Test("a non-loopback host is refused with a clear message and a non-zero exit")
    func nonLoopbackHostIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try ChildProcess(
            try TestProducts.executable("hivekeep"),
            ["serve", "--host", "0.0.0.0", "--port", "\(try RawHTTP.freePort())"],
            environment: directory.isolatedEnvironment(),
            logDirectory: directory.path
        )
        let status = try await server.wait(timeout: .seconds(20))
        #expect(status != 0)
        #expect(server.errorOutput.contains("refusing to listen on 0.0.0.0"))
    }

    @Test("serve answers the system endpoints over TCP, checks Host, and exits cleanly on SIGTERM")
    func servesOverTCP() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let port = try RawHTTP.freePort()
        let server = try ChildProcess(
            try TestProducts.executable("hivekeep"),
            ["serve", "--port", "\(port)"],
            environment: directory.isolatedEnvironment(),
            logDirectory: directory.path
        )
        defer { server.kill() }
        try await waitUntilListening(.tcp(port: port), server)

        // Every HiveKeep process refuses core dumps (it may hold secrets).
        let limits = try String(contentsOfFile: "/proc/\(server.pid)/limits", encoding: .utf8)
        let coreLimit = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        // Soft and hard limit both 0: the hard limit cannot be raised again by the process or its children.
        let fields = coreLimit?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2)
        #expect(fields.map(Array.init) == ["0", "0"])

        let health = try RawHTTP.request("GET", "/health", to: .tcp(port: port))
        #expect(health.status == 204)
        #expect(health.body.isEmpty)
        // Without the API token: 401 with a Bearer challenge; with it (created at the first start, 0600): 200.
        let anonymous = try RawHTTP.request("GET", "/api/v1beta/version", to: .tcp(port: port))
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        let tokenFile = directory.child("state") + "/hivekeep/api-token"
        let attributes = try FileManager.default.attributesOfItem(atPath: tokenFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let version = try RawHTTP.request(
            "GET", "/api/v1beta/version", to: .tcp(port: port), headers: directory.apiTokenHeader())
        #expect(version.status == 200)
        #expect(version.body.contains("\"version\""))
        let rebinding = try RawHTTP.request("GET", "/health", to: .tcp(port: port), headers: ["Host": "evil.example"])
        #expect(rebinding.status == 403)
        let id = try #require(rebinding.headers["x-request-id"])

        server.signal(SIGTERM)
        #expect(try await server.wait(timeout: .seconds(20)) == 0)
        // The server's log line for the refused request carries the id its response gave.
        #expect(server.errorOutput.contains("hb.request.id=\(id)"))
        #expect(FileManager.default.fileExists(atPath: directory.child("config/hivekeep")))
    }

    @Test("--socket serves on a 0660 Unix socket instead of TCP and removes it on SIGINT")
    func servesOnUnixSocket() async throws {
        let directory = try TemporaryDirectory(prefix: "hk")
        defer { directory.remove() }
        let socket = directory.child("api.sock")
        let server = try ChildProcess(
            try TestProducts.executable("hivekeep"),
            ["serve", "--socket", socket],
            environment: directory.isolatedEnvironment(),
            logDirectory: directory.path
        )
        defer { server.kill() }
        try await waitUntilListening(.unixSocket(socket), server)

        // The socket is bound private (0600) and opened to the group (0660) right after; never wider.
        var mode = 0
        for _ in 0..<100 {
            let attributes = try FileManager.default.attributesOfItem(atPath: socket)
            mode = attributes[.posixPermissions] as? Int ?? 0
            #expect(mode == 0o600 || mode == 0o660)
            if mode == 0o660 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(mode == 0o660)
        let attributes = try FileManager.default.attributesOfItem(atPath: socket)
        #expect((attributes[.type] as? FileAttributeType) == .typeSocket)
        let health = try RawHTTP.request("GET", "/health", to: .unixSocket(socket), headers: ["Host": "anything"])
        #expect(health.status == 204)

        // A second server on the same live socket is refused and does not steal it.
        let second = try ChildProcess(
            try TestProducts.executable("hivekeep"),
            ["serve", "--socket", socket],
            environment: directory.isolatedEnvironment(),
            logDirectory: directory.path
        )
        #expect(try await second.wait(timeout: .seconds(20)) != 0)
        #expect(second.errorOutput.contains("another server is listening"))
        #expect(try RawHTTP.request("GET", "/health", to: .unixSocket(socket)).status == 204)

        server.signal(SIGINT)
        #expect(try await server.wait(timeout: .seconds(20)) == 0)
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    @Test("--socket refuses to replace a file that is not a socket")
    func socketPathThatIsAFileIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("notes.txt")
        _ = FileManager.default.createFile(atPath: path, contents: Data("precious".utf8))
        let server = try ChildProcess(
            try TestProducts.executable("hivekeep"),
            ["serve", "--socket", path],
            environment: directory.isolatedEnvironment(),
            logDirectory: directory.path
        )
        #expect(try await server.wait(timeout: .seconds(20)) != 0)
        #expect(server.errorOutput.contains("is not a socket"))
        #expect(FileManager.default.contents(atPath: path) == Data("precious".utf8))
    }

    @Test("hivekeep --version prints the version")
    func versionFlag() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let process = try ChildProcess(
            try TestProducts.executable("hivekeep"),
            ["--version"],
            environment: directory.isolatedEnvironment(),
            logDirectory: directory.path
        )
        #expect(try await process.wait() == 0)
        #expect(process.output.hasPrefix("0."))
    }
}
