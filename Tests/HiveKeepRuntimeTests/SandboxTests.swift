import Foundation
import HiveKeepCore
import HiveKeepRuntime
import Testing

@Suite(.serialized, .timeLimit(.minutes(3))) struct SandboxTests {
    typealias Support = RuntimeTestSupport

    static func bubblewrap() throws -> String {
        try Sandbox.locateBubblewrap(environment: Support.parentEnvironment)
    }

    /// Runs `script` under the sandbox and returns its output and status.
    static func run(_ script: String, policy: SandboxPolicy, secrets: SecretEnvironment = SecretEnvironment())
        async throws -> (String, HiveKeepRuntime.ExitStatus)
    {
        let command = Sandbox.wrap(Support.shell(script), policy: policy, bubblewrap: try bubblewrap())
        let child = try SpawnedChild.spawn(
            command, environment: try Support.environment(secrets: secrets),
            options: SpawnOptions(standardOutput: .pipe, standardError: .sameAsStandardOutput, newSession: true))
        defer { child.signal(SIGKILL, group: true) }
        let output = try await Support.readToEnd(child.stdoutReader)
        return (output, await child.waitForExit())
    }

    @Test("with network isolation the child cannot reach a port listening on the host's loopback")
    func networkIsolation() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let probe =
            "if bash -c 'echo > /dev/tcp/127.0.0.1/\(listener.port)' 2>/dev/null; then echo open; else echo closed; fi"
        let (isolated, _) = try await Self.run(probe, policy: SandboxPolicy(isolateNetwork: true))
        #expect(isolated == "closed\n")
        // The same probe in a sandbox that keeps the network reaches it: the listener and the probe work.
        let (shared, _) = try await Self.run(probe, policy: SandboxPolicy(readPaths: ["/usr"]))
        #expect(shared == "open\n")
    }

    @Test("write paths are writable, read paths readable but not writable, everything else read-only")
    func paths() async throws {
        let base = try Self.directoryOutsideTmp()
        defer { try? FileManager.default.removeItem(atPath: base) }
        for name in ["rw", "ro", "rw/nested-ro"] {
            try FileManager.default.createDirectory(atPath: "\(base)/\(name)", withIntermediateDirectories: true)
        }
        try Data("readable\n".utf8).write(to: URL(fileURLWithPath: "\(base)/ro/file"))
        let script = """
            echo in-rw > \(base)/rw/new && echo rw-ok
            cat \(base)/ro/file
            { echo x > \(base)/ro/new; } 2>/dev/null || echo ro-denied
            { echo x > \(base)/rw/nested-ro/new; } 2>/dev/null || echo nested-ro-denied
            { echo x > \(base)/outside; } 2>/dev/null || echo outside-denied
            """
        let policy = SandboxPolicy(
            isolateNetwork: true, readPaths: ["\(base)/ro", "\(base)/rw/nested-ro"], writePaths: ["\(base)/rw"])
        let (output, status) = try await Self.run(script, policy: policy)
        #expect(output == "rw-ok\nreadable\nro-denied\nnested-ro-denied\noutside-denied\n")
        #expect(status == .exited(0))
        #expect(try String(contentsOfFile: "\(base)/rw/new", encoding: .utf8) == "in-rw\n")
        #expect(!FileManager.default.fileExists(atPath: "\(base)/outside"))
    }

    @Test("/tmp is private: the host's files are hidden and the child's writes stay inside")
    func privateTmp() async throws {
        let marker = "/tmp/hivekeep-sandbox-marker-\(UUID().uuidString)"
        try Data().write(to: URL(fileURLWithPath: marker))
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let inside = "/tmp/hivekeep-sandbox-inside-\(UUID().uuidString)"
        let script = "test -e \(marker) && echo visible || echo hidden; echo x > \(inside) && echo wrote"
        let (output, _) = try await Self.run(script, policy: SandboxPolicy(isolateNetwork: true))
        #expect(output == "hidden\nwrote\n")
        #expect(!FileManager.default.fileExists(atPath: inside))
    }

    @Test("secrets reach the sandboxed child through its environment and never bwrap's command line")
    func secretsThroughEnvironment() async throws {
        let secrets = SecretEnvironment()
        try secrets.set("API_TOKEN", copying: Array("sandboxed-secret".utf8))
        let (output, _) = try await Self.run(
            "echo $API_TOKEN", policy: SandboxPolicy(isolateNetwork: true), secrets: secrets)
        #expect(output == "sandboxed-secret\n")
        let wrapped = Sandbox.wrap(Support.shell("true"), policy: SandboxPolicy(isolateNetwork: true), bubblewrap: "/b")
        #expect(!wrapped.arguments.contains("--setenv"))
    }

    @Test("terminating a sandboxed child leaves nothing of the sandbox running")
    func terminateSandboxedTree() async throws {
        let command = Sandbox.wrap(
            Support.shell("trap '' TERM; sleep 300 & echo ready; wait"), policy: SandboxPolicy(isolateNetwork: true),
            bubblewrap: try Self.bubblewrap())
        let child = try SpawnedChild.spawn(
            command, environment: try Support.environment(),
            options: SpawnOptions(standardOutput: .pipe, newSession: true))
        defer { child.signal(SIGKILL, group: true) }
        #expect(try await Support.readLine(child.stdoutReader) == "ready")
        _ = await child.terminate(grace: .milliseconds(200))
        // End of file: every process that held the pipe (bwrap, the shell, the background sleep) is gone.
        #expect(try await Support.readToEnd(child.stdoutReader) == "")
    }

    @Test("the bwrap command line keeps the network only without isolation and orders nested binds")
    func commandLine() {
        let command = PreparedCommand(executable: "/srv/server", arguments: ["--flag"])
        #expect(Sandbox.wrap(command, policy: .none, bubblewrap: "/usr/bin/bwrap") == command)
        let wrapped = Sandbox.wrap(
            command, policy: SandboxPolicy(readPaths: ["/data/a/b"], writePaths: ["/data/a"]), bubblewrap: "/bwrap")
        #expect(wrapped.executable == "/bwrap")
        #expect(wrapped.arguments.contains("--share-net"))
        #expect(
            Array(wrapped.arguments.suffix(9)) == [
                "--bind", "/data/a", "/data/a", "--ro-bind", "/data/a/b", "/data/a/b", "--", "/srv/server", "--flag",
            ])
        let isolated = Sandbox.wrap(command, policy: SandboxPolicy(isolateNetwork: true), bubblewrap: "/bwrap")
        #expect(!isolated.arguments.contains("--share-net"))
        #expect(isolated.arguments.starts(with: ["--unshare-all", "--die-with-parent"]))
    }

    @Test("a missing bubblewrap and outbound host rules are clear errors")
    func errors() {
        let missing = #expect(throws: HiveKeepError.self) {
            _ = try Sandbox.locateBubblewrap(environment: ["PATH": "/nonexistent"])
        }
        #expect(missing?.code == .unavailable)
        #expect(missing?.message.contains("bubblewrap") == true)
        let rules = #expect(throws: HiveKeepError.self) {
            try SandboxPolicy.checkOutboundRules(
                allowHosts: ["api.github.com"], allowPorts: [443], insecureAllowAll: false)
        }
        #expect(rules?.code == .invalidArgument)
        #expect(rules?.message.contains("api.github.com") == true)
        #expect(throws: Never.self) {
            try SandboxPolicy.checkOutboundRules(allowHosts: [], allowPorts: [], insecureAllowAll: false)
            try SandboxPolicy.checkOutboundRules(allowHosts: ["x"], allowPorts: [], insecureAllowAll: true)
        }
        #expect(throws: HiveKeepError.self) { try SandboxPolicy(readPaths: ["relative"]).validate() }
        #expect(throws: HiveKeepError.self) { try SandboxPolicy(writePaths: ["/a/../etc"]).validate() }
    }

    /// A new directory under /var/tmp (not /tmp, which the sandbox replaces).
    static func directoryOutsideTmp() throws -> String {
        var template = Array("/var/tmp/hivekeep-sandbox.XXXXXX".utf8CString)
        let path = try #require(mkdtemp(&template))
        return String(cString: path)
    }
}

/// A TCP socket listening on 127.0.0.1 at a free port.
struct LoopbackListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        try #require(bound)
        port = UInt16(bigEndian: address.sin_port)
    }

    func close() { _ = Foundation.close(fd) }
}
