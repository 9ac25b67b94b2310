import HiveKeepProxy
import HiveKeepTestSupport
import Logging
import Testing

@testable import HiveKeepContainers

@Suite(.serialized, .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct ContainerStdioBridgeTests {
    /// The proxy's own bridge takes the attach socket over, splits the engine's frames on its event loop and
    /// completes the MCP handshake with mcp-server-time in a container; the container's end ends the upstream.
    @Test func theStdioBridgeHandshakesWithAContainerThroughTheAttachment() async throws {
        let engine = try await EngineFixture.connect()
        var spec = EngineFixture.spec(TestContainerEngine.timeImage)
        spec.stdio = true
        try await EngineFixture.withContainer(engine, spec) { id in
            let streams = try await engine.attachContainer(id: id, stderrLog: "")
            try await engine.start(id: id)
            let configuration = MCPProxyConfiguration(port: 0, serverName: "time", authentication: .disabled)
            let bridge = StdioBridge(configuration: configuration, logger: Logger(label: "test.bridge"))
            try await bridge.attach(
                socket: streams.socket, framing: { streams.makeDemultiplexer() }, timeout: .seconds(120))
            #expect(await bridge.isAttached)
            #expect(try await engine.inspect(id: id)?.running == true)
            // Stopping the container ends the stream, and the bridge no longer counts it as attached.
            try await engine.stop(id: id, grace: .seconds(2))
            var attached = true
            for _ in 0..<200 where attached {
                attached = await bridge.isAttached
                if attached { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(!attached)
            streams.close()
            await bridge.shutdown()
        }
    }
}
