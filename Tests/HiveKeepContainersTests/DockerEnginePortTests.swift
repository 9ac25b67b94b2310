import Foundation
import HiveKeepTestSupport
import Testing

@testable import HiveKeepContainers

@Suite(.serialized, .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct DockerEnginePortTests {
    @Test func theEnvironmentReachesTheContainer() async throws {
        let engine = try await EngineFixture.connect()
        var spec = EngineFixture.spec(TestContainerEngine.busyboxImage, ["sh", "-c", "echo \"$HK_TOKEN|$HK_PLAIN\""])
        spec.environment = ["HK_TOKEN": "tok en=1", "HK_PLAIN": "plain"]
        #expect(try await EngineFixture.run(engine, spec).output == "tok en=1|plain\n")
    }

    @Test func aStreamableHTTPServerAnswersOnItsPublishedLoopbackPort() async throws {
        let engine = try await EngineFixture.connect()
        let port = try RawHTTP.freePort()
        var spec = EngineFixture.spec(TestContainerEngine.httpImage)
        spec.targetPort = 8080
        spec.hostPort = port
        try await EngineFixture.withContainer(engine, spec) { id in
            try await engine.start(id: id)
            #expect(try await engine.inspect(id: id)?.hostPort == port)
            let reply = try await Self.initialize(port: port)
            #expect(reply.status == 200, "\(reply.body)")
            #expect(reply.body.contains("hivekeep-test-http"))
            try await engine.stop(id: id, grace: .seconds(2))
        }
    }

    /// Posts an MCP initialize to `/mcp` once the server listens (a Python start takes a few seconds).
    static func initialize(port: Int) async throws -> RawHTTP.Response {
        let body =
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","#
            + #""capabilities":{},"clientInfo":{"name":"hivekeep-test","version":"1"}}}"#
        let headers = ["Content-Type": "application/json", "Accept": "application/json, text/event-stream"]
        var lastError: (any Error)?
        for _ in 0..<300 {
            do {
                let reply = try RawHTTP.request("POST", "/mcp", to: .tcp(port: port), headers: headers, body: body)
                if reply.status != 0 { return reply }
            } catch {
                lastError = error
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw lastError ?? CocoaError(.fileReadUnknown)
    }
}
