import Foundation
import HiveKeepCore
import HiveKeepRuntime
import HiveKeepTestSupport
import Logging
import Synchronization
import Testing

@Suite(.serialized, .timeLimit(.minutes(5))) struct PackageInstallerTests {
    typealias Support = RuntimeTestSupport

    /// Collects progress lines.
    final class Progress: Sendable {
        private let storage = Mutex<[String]>([])
        var lines: [String] { storage.withLock { $0 } }
        func record(_ line: String) { storage.withLock { $0.append(line) } }
    }

    static func installer(
        tools: String, uv: String? = nil, npm: String? = nil, cache: String, sandboxed: Bool = false,
        environment extra: [String: String] = [:]
    ) throws -> PackageInstaller {
        var environment = Support.parentEnvironment
        environment["UV_CACHE_DIR"] = PythonTools.uvCacheDirectory(fallback: cache)
        environment["UV_PYTHON_DOWNLOADS"] = "never"
        environment.merge(extra) { $1 }
        return PackageInstaller(
            toolsDirectory: tools, uvExecutable: uv, npmExecutable: npm, environment: environment,
            logger: Logger(label: "test"),
            bubblewrap: sandboxed ? try Sandbox.locateBubblewrap(environment: Support.parentEnvironment) : nil,
            pasta: sandboxed ? try SandboxNetwork.locatePasta(environment: Support.parentEnvironment) : nil)
    }

    @Test("uvx: installs mcp-server-time once in the install sandbox; the server answers initialize offline sandboxed")
    func uvxInstallAndRunOffline() async throws {
        let directory = try TemporaryDirectory(prefix: "hivekeep-runtime-uvx")
        defer { directory.remove() }
        let installer = try Self.installer(
            tools: directory.child("tools"), uv: try PythonTools.executable("uv"), cache: directory.child("cache"),
            sandboxed: true)
        let command = WorkloadCommand.uvx(package: "mcp-server-time", version: nil)
        let first = Progress()
        let prepared = try await installer.prepare(command) { first.record($0) }
        #expect(prepared.executable.hasPrefix(directory.child("tools")))
        #expect(FileManager.default.isExecutableFile(atPath: prepared.executable))
        #expect(first.lines.contains("installing uvx://mcp-server-time"))
        let second = Progress()
        #expect(try await installer.prepare(command) { second.record($0) } == prepared)
        #expect(second.lines == ["using the installed uvx://mcp-server-time"])

        // Only the tool's directory and its Python are added to the system part: nothing else of the tools root.
        let paths = installer.programPaths(for: command, executable: prepared.executable)
        #expect(paths.first == installer.installDirectory(for: command))
        #expect(!paths.contains(directory.child("tools")))
        let policy = SandboxPolicy(isolateNetwork: true, programPaths: paths)
        let child = try await Support.spawnSandboxed(
            prepared, policy: policy, environment: try Support.environment(),
            options: SpawnOptions(
                standardInput: .pipe, standardOutput: .pipe,
                standardError: .file(path: directory.child("err"), append: false),
                newSession: true))
        defer { child.signal(SIGKILL, group: true) }
        let initialize = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
            "clientInfo":{"name":"hivekeep-test","version":"1"}}}

            """
        Support.write(initialize, to: child.stdinWriter)
        let reply = try await Support.readLine(child.stdoutReader)
        let object = try JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any]
        let result = object?["result"] as? [String: Any]
        #expect(object?["id"] as? Int == 1)
        #expect((result?["serverInfo"] as? [String: Any])?["name"] as? String == "mcp-time")
        close(try #require(child.stdinWriter))
        _ = await child.terminate(grace: .seconds(5))
        if let reader = child.stdoutReader { close(reader) }
    }

    @Test("npx: the install command is npm install into a per-version prefix")
    func npxInstallCommand() throws {
        let installer = try Self.installer(tools: "/data/tools", npm: "/bin/true", cache: "/unused")
        let command = try installer.installCommand(for: .npx(package: "@scope/server", version: "1.2.0"))
        #expect(
            command
                == PreparedCommand(
                    executable: "/bin/true",
                    arguments: [
                        "install", "--prefix", "/data/tools/npm/@scope+server@1.2.0", "--no-audit", "--no-fund",
                        "--omit=dev", "--no-save", "--ignore-scripts", "@scope/server@1.2.0",
                    ]))
        let latest = try installer.installCommand(for: .npx(package: "pkg", version: nil))
        #expect(latest?.arguments.last == "pkg@latest")
        let scripts = PackageInstaller(
            toolsDirectory: "/data/tools", uvExecutable: nil, npmExecutable: "/bin/true", environment: [:],
            logger: Logger(label: "test"), allowInstallScripts: true)
        #expect(
            try scripts.installCommand(for: .npx(package: "pkg", version: nil))?.arguments.contains("--ignore-scripts")
                == false)
    }

    @Test("npx: prepare runs npm's install and returns the package's bin in node_modules/.bin")
    func npxPrepareWithStandInNPM() async throws {
        let directory = try TemporaryDirectory(prefix: "hivekeep-runtime-npx")
        defer { directory.remove() }
        // A stand-in for npm (no npm registry here): lays out what `npm install --prefix DIR PKG` leaves behind.
        let npm = directory.child("npm")
        let script = """
            #!/bin/sh
            prefix=$3
            mkdir -p "$prefix/node_modules/@scope/server" "$prefix/node_modules/.bin"
            echo '{"name":"@scope/server","bin":{"server":"cli.js","helper":"helper.js"}}' \
                > "$prefix/node_modules/@scope/server/package.json"
            printf '#!/bin/sh\\necho served\\n' > "$prefix/node_modules/.bin/server"
            chmod +x "$prefix/node_modules/.bin/server"
            echo "added 1 package"
            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: npm))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: npm)
        let installer = try Self.installer(tools: directory.child("tools"), npm: npm, cache: directory.child("cache"))
        let progress = Progress()
        let prepared = try await installer.prepare(.npx(package: "@scope/server", version: "1.0.0")) {
            progress.record($0)
        }
        #expect(prepared.executable == directory.child("tools/npm/@scope+server@1.0.0/node_modules/.bin/server"))
        #expect(progress.lines.contains("added 1 package"))
    }

    @Test("a failing install is an unavailable error that quotes the installer without credentials")
    func failingInstall() async throws {
        let directory = try TemporaryDirectory(prefix: "hivekeep-runtime-fail")
        defer { directory.remove() }
        let uv = directory.child("uv")
        let script = "#!/bin/sh\necho 'error: https://user:token123@index.example/simple: not found' >&2\nexit 2\n"
        try Data(script.utf8).write(to: URL(fileURLWithPath: uv))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: uv)
        let installer = try Self.installer(tools: directory.child("tools"), uv: uv, cache: directory.child("cache"))
        let error = await #expect(throws: HiveKeepError.self) {
            _ = try await installer.prepare(.uvx(package: "nothing", version: "1.0"))
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("exited with code 2") == true)
        #expect(error?.message.contains("index.example") == true)
        #expect(error?.message.contains("token123") == false)
    }

    @Test("the installer's lines reach progress (the proxy log, the status context) with credentials masked")
    func progressIsRedacted() async throws {
        let directory = try TemporaryDirectory(prefix: "hivekeep-runtime-redact")
        defer { directory.remove() }
        let uv = directory.child("uv")
        let script = """
            #!/bin/sh
            echo 'Resolving from https://user:token456@index.example/simple'
            echo 'error: https://other:token789@mirror.example/pkg/ timed out' >&2
            exit 1

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: uv))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: uv)
        let installer = try Self.installer(tools: directory.child("tools"), uv: uv, cache: directory.child("cache"))
        let progress = Progress()
        await #expect(throws: HiveKeepError.self) {
            _ = try await installer.prepare(.uvx(package: "nothing", version: "1.0")) { progress.record($0) }
        }
        #expect(progress.lines.contains("Resolving from https://***@index.example/simple"))
        #expect(progress.lines.contains("error: https://***@mirror.example/pkg/ timed out"))
        #expect(!progress.lines.contains { $0.contains("token456") || $0.contains("token789") })
    }

    @Test("a sandboxed install writes only its own directory and sees nothing of the real HOME")
    func installIsConfined() async throws {
        let directory = try TemporaryDirectory(prefix: "hivekeep-runtime-confined")
        defer { directory.remove() }
        let outside = try SandboxTests.directoryOutsideTmp()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try Data("secret\n".utf8).write(to: URL(fileURLWithPath: "\(outside)/credentials"))
        try FileManager.default.createDirectory(atPath: directory.child("bin"), withIntermediateDirectories: true)
        let uv = directory.child("bin/uv")
        let script = """
            #!/bin/sh
            { echo x > \(outside)/escaped; } 2>/dev/null || echo outside-denied
            cat "\(outside)/credentials" 2>/dev/null || echo home-hidden
            mkdir -p "$UV_TOOL_DIR" && echo x > "$UV_TOOL_DIR/inside" && echo inside-ok
            exit 1

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: uv))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: uv)
        let installer = try Self.installer(
            tools: directory.child("tools"), uv: uv, cache: directory.child("cache"), sandboxed: true,
            environment: ["HOME": outside])
        let error = await #expect(throws: HiveKeepError.self) {
            _ = try await installer.prepare(.uvx(package: "nothing", version: "1.0"))
        }
        #expect(
            error?.message.contains("outside-denied | home-hidden | inside-ok") == true, "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: "\(outside)/escaped"))
        let inside = installer.installDirectory(for: .uvx(package: "nothing", version: "1.0")) + "/tools/inside"
        #expect(FileManager.default.fileExists(atPath: inside))
    }

    @Test("exec commands are returned as they are, without an installer")
    func execPassesThrough() async throws {
        let installer = try Self.installer(tools: "/unused", cache: "/unused")
        #expect(try await installer.prepare(.exec(path: "/usr/bin/srv")) == PreparedCommand(executable: "/usr/bin/srv"))
    }
}
