import Foundation
import HiveKeepTestSupport
import Testing

@testable import HiveKeepContainers

@Suite(.serialized, .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct DockerEngineAttachTests {
    @Test func stdinReachesTheContainerStdoutComesBackAndStderrGoesToTheLog() async throws {
        let engine = try await EngineFixture.connect()
        var spec = EngineFixture.spec(TestContainerEngine.busyboxImage, ["sh", "-c", "echo out; echo err >&2; cat"])
        spec.stdio = true
        // As a stdio workload's container is made: the engine keeps no log, and attach still carries both streams.
        spec.engineKeepsLog = false
        let directory = try TemporaryDirectory(prefix: "attach")
        defer { directory.remove() }
        try await EngineFixture.withContainer(engine, spec) { id in
            let streams = try await engine.attachStreams(id: id, stderrLog: directory.child("stderr.log"))
            try await engine.start(id: id)
            #expect(try EngineFixture.readLine(streams.output) == "out")
            #expect(EngineFixture.send(streams.input, "ping\n"))
            #expect(try EngineFixture.readLine(streams.output) == "ping")
            // End of input ends `cat`, so the container, so the stream.
            streams.closeInput()
            #expect(try await engine.wait(id: id) == 0)
            await streams.finished()
            #expect(try EngineFixture.readLine(streams.output) == nil)
            #expect(streams.socketDescriptor == -1)
            let log = try String(contentsOfFile: directory.child("stderr.log"), encoding: .utf8)
            #expect(log == "err\n")
            close(streams.input)
            close(streams.output)
        }
    }

    @Test func closingEndsTheAttachmentWhileTheContainerRuns() async throws {
        let engine = try await EngineFixture.connect()
        var spec = EngineFixture.spec(TestContainerEngine.busyboxImage, ["cat"])
        spec.stdio = true
        try await EngineFixture.withContainer(engine, spec) { id in
            let streams = try await engine.attachStreams(id: id, stderrLog: "")
            try await engine.start(id: id)
            #expect(EngineFixture.send(streams.input, "one\n"))
            #expect(try EngineFixture.readLine(streams.output) == "one")
            #expect(await !streams.finished(within: .milliseconds(200)), "the container still runs")
            streams.close()
            #expect(await streams.finished(within: .seconds(30)))
            #expect(streams.socketDescriptor == -1)
            #expect(try EngineFixture.readLine(streams.output) == nil)
            #expect(!EngineFixture.send(streams.input, "two\n"))
            close(streams.input)
            close(streams.output)
            try await engine.stop(id: id, grace: .seconds(1))
        }
    }

    @Test func anUnwritableStderrLogFailsTheAttachClearly() async throws {
        let engine = try await EngineFixture.connect()
        var spec = EngineFixture.spec(TestContainerEngine.busyboxImage, ["cat"])
        spec.stdio = true
        try await EngineFixture.withContainer(engine, spec) { id in
            let error = await #expect(throws: ContainerEngineError.self) {
                try await engine.attach(id: id, stderrLog: "/nonexistent-hivekeep-dir/stderr.log")
            }
            guard case .engine(_, let message) = error else {
                Issue.record("expected an engine error, got \(String(describing: error))")
                return
            }
            #expect(message.contains("/nonexistent-hivekeep-dir/stderr.log") && message.contains("No such file"))
        }
    }

    @Test func anMCPServerInAContainerAnswersInitializeThroughTheAttachment() async throws {
        let engine = try await EngineFixture.connect()
        var spec = EngineFixture.spec(TestContainerEngine.timeImage)
        spec.stdio = true
        try await EngineFixture.withContainer(engine, spec) { id in
            let streams = try await engine.attach(id: id, stderrLog: "")
            try await engine.start(id: id)
            let initialize =
                #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","#
                + #""capabilities":{},"clientInfo":{"name":"hivekeep-test","version":"1"}}}"# + "\n"
            #expect(EngineFixture.send(streams.input, initialize))
            let line = try #require(try EngineFixture.readLine(streams.output))
            let reply = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let result = try #require(reply["result"] as? [String: Any])
            #expect((result["serverInfo"] as? [String: Any])?["name"] as? String == "mcp-time")
            #expect(reply["id"] as? Int == 1)
            streams.close()
            close(streams.input)
            close(streams.output)
            try await engine.stop(id: id, grace: .seconds(2))
        }
    }
}
