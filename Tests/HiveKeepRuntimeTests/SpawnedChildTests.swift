import Foundation
import HiveKeepCore
import HiveKeepRuntime
import Testing

@Suite(.timeLimit(.minutes(2))) struct SpawnedChildTests {
    typealias Support = RuntimeTestSupport

    @Test("a child with pipes echoes its stdin to its stdout and exits 0 at end of input")
    func echo() async throws {
        let child = try SpawnedChild.spawn(
            PreparedCommand(executable: "/bin/cat"), environment: try Support.environment(),
            options: SpawnOptions(standardInput: .pipe, standardOutput: .pipe))
        defer { child.signal(SIGKILL, group: true) }
        Support.write("hello through a pipe\n", to: child.stdinWriter)
        close(try #require(child.stdinWriter))
        #expect(try await Support.readToEnd(child.stdoutReader) == "hello through a pipe\n")
        #expect(await child.waitForExit() == .exited(0))
    }

    @Test("exit codes and deaths by signal are reported as such")
    func exitStatuses() async throws {
        let environment = try Support.environment()
        let three = try SpawnedChild.spawn(Support.shell("exit 3"), environment: environment)
        #expect(await three.waitForExit() == .exited(3))
        let killed = try SpawnedChild.spawn(Support.shell("kill -9 $$"), environment: environment)
        #expect(await killed.waitForExit() == .signaled(SIGKILL))
        #expect(killed.exitStatus == .signaled(SIGKILL))
    }

    @Test("a missing program is an unavailable error, not a child")
    func missingProgram() throws {
        let error = #expect(throws: HiveKeepError.self) {
            _ = try SpawnedChild.spawn(
                PreparedCommand(executable: "/nonexistent/server"), environment: try Support.environment())
        }
        #expect(error?.code == .unavailable)
    }

    @Test("terminate(grace:) kills a child that ignores SIGTERM, and its group")
    func terminateIgnoringChild() async throws {
        let child = try SpawnedChild.spawn(
            Support.shell("trap '' TERM; sleep 300 & echo ready; wait"), environment: try Support.environment(),
            options: SpawnOptions(standardOutput: .pipe))
        defer { child.signal(SIGKILL, group: true) }
        #expect(try await Support.readLine(child.stdoutReader) == "ready")
        let status = await child.terminate(grace: .milliseconds(300))
        #expect(status == .signaled(SIGKILL))
        // The whole group is gone: the background sleep held the pipe; end of file means it exited too.
        #expect(try await Support.readToEnd(child.stdoutReader) == "")
    }

    @Test("a new session makes the child its session and group leader")
    func newSession() async throws {
        let child = try SpawnedChild.spawn(
            Support.shell("cut -d' ' -f5,6 /proc/$$/stat"), environment: try Support.environment(),
            options: SpawnOptions(standardOutput: .pipe, newSession: true))
        let ids = try await Support.readToEnd(child.stdoutReader).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(ids == "\(child.pid) \(child.pid)")
        #expect(await child.waitForExit() == .exited(0))
    }

    @Test("the child has only its standard streams and the mapped descriptors open")
    func descriptorsClosed() async throws {
        var leaked: [Int32] = [-1, -1]
        try #require(pipe(&leaked) == 0)  // deliberately without close-on-exec
        defer { for fd in leaked { close(fd) } }
        let child = try SpawnedChild.spawn(
            Support.shell("ls /proc/$$/fd"), environment: try Support.environment(),
            options: SpawnOptions(standardOutput: .pipe, inheritedDescriptors: [7: leaked[1]]))
        let listed = try await Support.readToEnd(child.stdoutReader).split(separator: "\n").compactMap { Int($0) }
        #expect(listed.sorted() == [0, 1, 2, 7])
        #expect(await child.waitForExit() == .exited(0))
    }

    @Test("the child starts with no blocked and no ignored signal, whatever the spawning thread had")
    func cleanSignalState() async throws {
        var blocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        sigaddset(&blocked, SIGUSR1)
        let previousUSR2 = signal(SIGUSR2, SIG_IGN)
        let child: SpawnedChild
        do {
            pthread_sigmask(SIG_BLOCK, &blocked, &previous)
            defer {
                pthread_sigmask(SIG_SETMASK, &previous, nil)
                signal(SIGUSR2, previousUSR2)
            }
            child = try SpawnedChild.spawn(
                PreparedCommand(executable: "/bin/grep", arguments: ["-E", "^Sig(Blk|Ign)", "/proc/self/status"]),
                environment: try Support.environment(), options: SpawnOptions(standardOutput: .pipe))
        }
        let lines = try await Support.readToEnd(child.stdoutReader).split(separator: "\n").map(String.init)
        #expect(await child.waitForExit() == .exited(0))
        let masks = Dictionary(
            uniqueKeysWithValues: lines.map { line in
                let parts = line.split(separator: "\t")
                return (String(parts[0]), UInt64(parts[1], radix: 16) ?? .max)
            })
        #expect(masks["SigBlk:"] == 0)
        // glibc's posix_spawn leaves its two internal signals (32 and 33, bits 31-32) ignored; nothing else is.
        #expect(masks["SigIgn:"].map { $0 & ~0x1_8000_0000 } == 0)
    }

    @Test("waitForExit(timeout:) returns nil for a running child and the status once it has exited")
    func waitWithTimeout() async throws {
        let child = try SpawnedChild.spawn(
            PreparedCommand(executable: "/bin/cat"), environment: try Support.environment(),
            options: SpawnOptions(standardInput: .pipe))
        defer { child.signal(SIGKILL, group: true) }
        #expect(await child.waitForExit(timeout: .milliseconds(50)) == nil)
        close(try #require(child.stdinWriter))
        #expect(await child.waitForExit(timeout: .seconds(30)) == .exited(0))
    }

    @Test("output and error can go to files, appended or truncated")
    func files() async throws {
        let directory = NSTemporaryDirectory() + "hivekeep-runtime-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/child.log"
        try Data("before\n".utf8).write(to: URL(fileURLWithPath: log))
        let child = try SpawnedChild.spawn(
            Support.shell("echo out; echo err >&2"), environment: try Support.environment(),
            options: SpawnOptions(
                standardOutput: .file(path: log, append: true), standardError: .sameAsStandardOutput))
        #expect(await child.waitForExit() == .exited(0))
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "before\nout\nerr\n")
        let fresh = directory + "/fresh.log"
        let second = try SpawnedChild.spawn(
            Support.shell("echo only"), environment: try Support.environment(),
            options: SpawnOptions(standardOutput: .file(path: fresh, append: false)))
        #expect(await second.waitForExit() == .exited(0))
        #expect(try String(contentsOfFile: fresh, encoding: .utf8) == "only\n")
        let permissions = try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }
}
