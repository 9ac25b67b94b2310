import Foundation
import HiveKeepCore
import HiveKeepRuntime
import Testing

/// Ending a child's whole process group without waiting (from a cancellation handler), and after its own exit.
@Suite(.timeLimit(.minutes(2))) struct SpawnedChildStopTests {
    typealias Support = RuntimeTestSupport

    @Test("beginTermination(grace:) returns at once; the group that ignores SIGTERM is killed after the grace")
    func beginTermination() async throws {
        let child = try SpawnedChild.spawn(
            Support.shell("trap '' TERM; sleep 300 & echo ready; wait"), environment: try Support.environment(),
            options: SpawnOptions(standardOutput: .pipe))
        defer { child.signal(SIGKILL, group: true) }
        #expect(try await Support.readLine(child.stdoutReader) == "ready")
        child.beginTermination(grace: .milliseconds(200))
        #expect(child.exitStatus == nil, "SIGTERM is ignored, so the child is still there when the call returns")
        #expect(await child.waitForExit() == .signaled(SIGKILL))
        // The background sleep held the pipe: end of file means it is gone too.
        #expect(try await Support.readToEnd(child.stdoutReader) == "")
    }

    @Test("killGroupOnExit(): what a child leaves in its group when it exits by itself is killed")
    func killGroupOnExit() async throws {
        let child = try SpawnedChild.spawn(
            Support.shell("sleep 300 & echo ready; read line; exit 0"), environment: try Support.environment(),
            options: SpawnOptions(standardInput: .pipe, standardOutput: .pipe))
        defer { child.signal(SIGKILL, group: true) }
        #expect(try await Support.readLine(child.stdoutReader) == "ready")
        child.killGroupOnExit()
        Support.write("go\n", to: child.stdinWriter)
        #expect(await child.waitForExit() == .exited(0))
        #expect(try await Support.readToEnd(child.stdoutReader) == "", "the leftover sleep no longer holds the pipe")
        close(try #require(child.stdinWriter))
    }
}
