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
    static func run(
        _ script: String, policy: SandboxPolicy, variables: [String: String] = [:],
        secrets: SecretEnvironment = SecretEnvironment()
    ) async throws -> (String, HiveKeepRuntime.ExitStatus) {
        let child = try await Support.spawnSandboxed(
            Support.shell(script), policy: policy, environment: try Support.environment(variables, secrets: secrets),
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
        let (shared, _) = try await Self.run(probe, policy: SandboxPolicy())
        #expect(shared == "open\n")
        // With the network connected through pasta (what the runner does), the host's loopback stays out of reach.
        let (connected, _) = try await Self.run(probe, policy: try Self.connected())
        #expect(connected == "closed\n")
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

    @Test("the server's variables and secrets reach it; bwrap gets only PATH and none of them on its command line")
    func environmentOnlyInside() async throws {
        let secrets = SecretEnvironment()
        try secrets.set("API_TOKEN", copying: Array("sandboxed-secret".utf8))
        let (output, _) = try await Self.run(
            "echo $API_TOKEN $PLAIN $HOME $TMPDIR", policy: SandboxPolicy(isolateNetwork: true),
            variables: ["PLAIN": "plain-value"], secrets: secrets)
        #expect(output == "sandboxed-secret plain-value /sandbox/home /tmp\n")

        let child = try await Support.spawnSandboxed(
            Support.shell("echo ready; exec sleep 300"), policy: SandboxPolicy(isolateNetwork: true),
            environment: try Support.environment(["PLAIN": "plain-value"], secrets: secrets),
            options: SpawnOptions(standardOutput: .pipe, newSession: true))
        defer { child.signal(SIGKILL, group: true) }
        #expect(try await Support.readLine(child.stdoutReader) == "ready")
        // child.pid is bwrap itself, outside the sandbox.
        #expect(Support.procEntries(child.pid, "environ") == ["PATH=/usr/bin:/bin"])
        let commandLine = Support.procEntries(child.pid, "cmdline")
        #expect(commandLine.first?.hasSuffix("bwrap") == true)
        #expect(!commandLine.contains { $0.contains("sandboxed-secret") || $0.contains("plain-value") })
        #expect(!commandLine.contains("--setenv"))
        _ = await child.terminate(grace: .seconds(2))
        if let reader = child.stdoutReader { close(reader) }
    }

    @Test("an LD_PRELOAD given to the server is loaded inside the sandbox only, never into bwrap")
    func loaderVariableStaysInside() async throws {
        let base = try Self.directoryOutsideTmp()
        defer { try? FileManager.default.removeItem(atPath: base) }
        // A library that, when loaded, appends the loading program's path to a log in the shared directory.
        let source = """
            #include <fcntl.h>
            #include <string.h>
            #include <unistd.h>
            __attribute__((constructor)) static void mark(void) {
                char exe[512] = {0};
                ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 2);
                if (n < 0) n = 0;
                exe[n] = '\\n';
                int fd = open("\(base)/rw/loaded", O_WRONLY | O_CREAT | O_APPEND, 0644);
                if (fd >= 0) { write(fd, exe, n + 1); close(fd); }
            }
            """
        try FileManager.default.createDirectory(atPath: "\(base)/rw", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(base)/lib", withIntermediateDirectories: true)
        try Data(source.utf8).write(to: URL(fileURLWithPath: "\(base)/mark.c"))
        let (_, compiled) = try await Self.runUnsandboxed(
            "cc -shared -fPIC -o \(base)/lib/mark.so \(base)/mark.c")
        try #require(compiled == .exited(0))
        let policy = SandboxPolicy(isolateNetwork: true, readPaths: ["\(base)/lib"], writePaths: ["\(base)/rw"])
        let (output, status) = try await Self.run(
            "echo ran", policy: policy, variables: ["LD_PRELOAD": "\(base)/lib/mark.so"])
        #expect(output == "ran\n")
        #expect(status == .exited(0))
        let loaded = try String(contentsOfFile: "\(base)/rw/loaded", encoding: .utf8)
        // The shell inside loaded it (so the library works); bwrap, outside, never did.
        #expect(loaded.contains("/usr/bin/dash") || loaded.contains("/usr/bin/sh"))
        #expect(!loaded.contains("bwrap"))
    }

    @Test("nothing of the real HOME, /run, /var or /home is visible; the sandbox's HOME is empty and private")
    func filesystemIsListedOnly() async throws {
        let home = try Self.directoryOutsideTmp()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: "\(home)/.ssh", withIntermediateDirectories: true)
        try Data("private key\n".utf8).write(to: URL(fileURLWithPath: "\(home)/.ssh/id_ed25519"))
        let script = """
            cat \(home)/.ssh/id_ed25519 2>/dev/null || echo home-hidden
            for d in /run /var /home /root /media /mnt /srv; do test -e $d && echo "visible $d"; done
            ls -A "$HOME" | wc -l
            test -r /etc/ssl/certs && test -r /etc/resolv.conf && test -r /etc/passwd && echo etc-ok
            test -e /etc/shadow || echo no-shadow
            echo x > "$HOME/file" && echo home-writable
            """
        let (output, status) = try await Self.run(
            script, policy: SandboxPolicy(isolateNetwork: true), variables: ["HOME": home])
        #expect(output == "home-hidden\n0\netc-ok\nno-shadow\nhome-writable\n")
        #expect(status == .exited(0))
        #expect(!FileManager.default.fileExists(atPath: "\(home)/file"))
    }

    @Test("a host Unix socket cannot be reached by path; nor in the abstract namespace, isolated or through pasta")
    func unixSockets() async throws {
        let base = try Self.directoryOutsideTmp()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let pathSocket = try UnixListener(path: "\(base)/api.sock")
        defer { pathSocket.close() }
        let abstractName = "hivekeep-test-\(UUID().uuidString)"
        let abstractSocket = try UnixListener(abstract: abstractName)
        defer { abstractSocket.close() }
        let probe = """
            import socket
            for name, address in (("path", "\(base)/api.sock"), ("abstract", "\\0\(abstractName)")):
                s = socket.socket(socket.AF_UNIX)
                try:
                    s.connect(address); print(name, "open")
                except OSError:
                    print(name, "closed")
            """
        let command = "/usr/bin/python3 -c '\(probe)'"
        // Outside the sandbox both answer: the listeners and the probe work.
        let (outside, _) = try await Self.runUnsandboxed(command)
        #expect(outside == "path open\nabstract open\n")
        let (isolated, _) = try await Self.run(command, policy: SandboxPolicy(isolateNetwork: true))
        #expect(isolated == "path closed\nabstract closed\n")
        // With the host's network namespace shared, the abstract namespace is shared too (see SECURITY.md).
        let (shared, _) = try await Self.run(command, policy: SandboxPolicy())
        #expect(shared == "path closed\nabstract open\n")
        // With a network namespace of its own connected through pasta (what the runner does), neither is reachable.
        let (connected, _) = try await Self.run(command, policy: try Self.connected())
        #expect(connected == "path closed\nabstract closed\n")
    }

    @Test("terminating a sandboxed child leaves nothing of the sandbox running")
    func terminateSandboxedTree() async throws {
        let child = try await Support.spawnSandboxed(
            Support.shell("trap '' TERM; sleep 300 & echo ready; wait"), policy: SandboxPolicy(isolateNetwork: true),
            environment: try Support.environment(), options: SpawnOptions(standardOutput: .pipe, newSession: true))
        defer { child.signal(SIGKILL, group: true) }
        #expect(try await Support.readLine(child.stdoutReader) == "ready")
        _ = await child.terminate(grace: .milliseconds(200))
        // End of file: every process that held the pipe (bwrap, the shell, the background sleep) is gone.
        #expect(try await Support.readToEnd(child.stdoutReader) == "")
    }

    @Test("the bwrap command line: no '/' bind, the network only without isolation, nested binds ordered")
    func commandLine() throws {
        let command = PreparedCommand(executable: "/srv/server", arguments: ["--flag"])
        let environment = try Support.environment()
        #expect(
            try Sandbox.wrap(command, environment: environment, policy: .none, bubblewrap: "/usr/bin/bwrap").command
                == command)
        let policy = SandboxPolicy(readPaths: ["/data/a/b"], writePaths: ["/data/a"], programPaths: ["/srv"])
        let (wrapped, outer) = try Sandbox.wrap(
            command, environment: environment, policy: policy, bubblewrap: "/bwrap")
        defer { for fd in wrapped.inheritedDescriptors.values { close(fd) } }
        #expect(wrapped.executable == "/bwrap")
        #expect(outer.names == ["PATH"])
        #expect(wrapped.arguments.contains("--share-net"))
        let pairs = zip(wrapped.arguments, wrapped.arguments.dropFirst()).map { [$0, $1] }
        #expect(!pairs.contains(["--ro-bind", "/"]) && !pairs.contains(["--bind", "/"]))
        #expect(pairs.contains(["--tmpfs", "/tmp"]))
        #expect(
            Array(wrapped.arguments.suffix(16)) == [
                "--ro-bind", "/srv", "/srv", "--bind", "/data/a", "/data/a", "--ro-bind", "/data/a/b", "/data/a/b",
                "--remount-ro", "/", "--args", "3", "--", "/srv/server", "--flag",
            ])
        #expect(wrapped.inheritedDescriptors.keys.sorted() == [3])
        let isolated = try Sandbox.wrap(
            command, environment: environment, policy: SandboxPolicy(isolateNetwork: true), bubblewrap: "/bwrap")
        defer { for fd in isolated.command.inheritedDescriptors.values { close(fd) } }
        #expect(!isolated.command.arguments.contains("--share-net"))
        #expect(isolated.command.arguments.starts(with: ["--unshare-all", "--die-with-parent"]))
    }

    @Test("loader variables are recognised and refused with a 400 naming them")
    func loaderVariables() {
        #expect(LoaderVariables.contains("LD_PRELOAD") && LoaderVariables.contains("LD_LIBRARY_PATH"))
        #expect(LoaderVariables.contains("GCONV_PATH") && LoaderVariables.contains("GLIBC_TUNABLES"))
        #expect(!LoaderVariables.contains("PATH") && !LoaderVariables.contains("OLD_PRELOAD"))
        let error = #expect(throws: HiveKeepError.self) {
            try LoaderVariables.refuse(["A", "LD_PRELOAD", "GCONV_PATH"])
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("GCONV_PATH, LD_PRELOAD") == true)
        #expect(throws: Never.self) { try LoaderVariables.refuse(["PATH", "HOME"]) }
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

    /// A sandbox with network access through pasta.
    static func connected() throws -> SandboxPolicy {
        var policy = SandboxPolicy()
        policy.pasta = try SandboxNetwork.locatePasta(environment: Support.parentEnvironment)
        return policy
    }

    /// Runs `script` without a sandbox.
    static func runUnsandboxed(_ script: String) async throws -> (String, HiveKeepRuntime.ExitStatus) {
        let child = try SpawnedChild.spawn(
            Support.shell(script), environment: try Support.environment(),
            options: SpawnOptions(standardOutput: .pipe, standardError: .sameAsStandardOutput, newSession: true))
        defer { child.signal(SIGKILL, group: true) }
        let output = try await Support.readToEnd(child.stdoutReader)
        return (output, await child.waitForExit())
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

/// A Unix stream socket listening at a path or at an abstract name.
struct UnixListener {
    let fd: Int32

    init(path: String) throws {
        try self.init(address: Array(path.utf8))
    }

    init(abstract name: String) throws {
        try self.init(address: [0] + Array(name.utf8))
    }

    private init(address bytes: [UInt8]) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        self.fd = fd
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 8) == 0 }
        }
        try #require(bound)
    }

    func close() { _ = Foundation.close(fd) }
}
