import HiveKeepProxy
import HiveKeepTestSupport
import Logging
import Testing

@testable import HiveKeepContainers

@Suite(.serialized, .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct ContainerStdioBridgeTests {
    /// The proxy's own bridge takes the attachment's descriptors over (NIO makes the socket non-blocking, which the
    /// reader thread must survive) and completes the MCP handshake with mcp-server-time in a container.
    @Test func theStdioBridgeHandshakesWithAContainerThroughTheAttachment() async throws {
        let engine = try await EngineFixture.connect()
        var spec = EngineFixture.spec(TestContainerEngine.timeImage)
        spec.stdio = true
        try await EngineFixture.withContainer(engine, spec) { id in
            let streams = try await engine.attachStreams(id: id, stderrLog: "")
            try await engine.start(id: id)
            let configuration = MCPProxyConfiguration(port: 0, serverName: "time", authentication: .disabled)
            let bridge = StdioBridge(configuration: configuration, logger: Logger(label: "test.bridge"))
            try await bridge.attach(writingTo: streams.input, readingFrom: streams.output, timeout: .seconds(120))
            #expect(await bridge.isAttached)
            #expect(try await engine.inspect(id: id)?.running == true)
            // Stopping the container ends the stream: the reader thread ends and frees what it holds.
            try await engine.stop(id: id, grace: .seconds(2))
            await streams.finished()
            #expect(streams.socketDescriptor == -1)
            await bridge.shutdown()
        }
    }
}
