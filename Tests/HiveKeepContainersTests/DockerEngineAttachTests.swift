import Foundation
import HiveKeepTestSupport
import NIOCore
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
            let streams = try await engine.attachContainer(id: id, stderrLog: directory.child("stderr.log"))
            let client = try await AttachClient(streams)
            var lines = client.lines.makeAsyncIterator()
            try await engine.start(id: id)
            #expect(await lines.next() == "out")
            #expect(await client.send("ping\n"))
            #expect(await lines.next() == "ping")
            // End of input ends `cat`, so the container, so the stream.
            streams.closeInput()
            #expect(try await engine.wait(id: id) == 0)
            #expect(await lines.next() == nil)
            // The stream ended, and what stderr carried is in the log once `finished` returns.
            #expect(await streams.finished(within: .seconds(30)))
            #expect(try String(contentsOfFile: directory.child("stderr.log"), encoding: .utf8) == "err\n")
            streams.close()
        }
    }

    @Test func closingEndsTheAttachmentWhileTheContainerRuns() async throws {
        let engine = try await EngineFixture.connect()
        var spec = EngineFixture.spec(TestContainerEngine.busyboxImage, ["cat"])
        spec.stdio = true
        try await EngineFixture.withContainer(engine, spec) { id in
            let streams = try await engine.attachContainer(id: id, stderrLog: "")
            let client = try await AttachClient(streams)
            var lines = client.lines.makeAsyncIterator()
            try await engine.start(id: id)
            #expect(await client.send("one\n"))
            #expect(await lines.next() == "one")
            #expect(await !streams.finished(within: .milliseconds(200)), "the container still runs")
            streams.close()
            #expect(await lines.next() == nil)
            #expect(await streams.finished(within: .seconds(30)))
            try await client.channel.closeFuture.get()
            #expect(await !client.send("two\n"))
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
            let client = try await AttachClient(streams)
            var lines = client.lines.makeAsyncIterator()
            try await engine.start(id: id)
            let initialize =
                #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","#
                + #""capabilities":{},"clientInfo":{"name":"hivekeep-test","version":"1"}}}"# + "\n"
            #expect(await client.send(initialize))
            let line = try #require(await lines.next())
            let reply = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let result = try #require(reply["result"] as? [String: Any])
            #expect((result["serverInfo"] as? [String: Any])?["name"] as? String == "mcp-time")
            #expect(reply["id"] as? Int == 1)
            streams.close()
            await client.close()
            try await engine.stop(id: id, grace: .seconds(2))
        }
    }
}
