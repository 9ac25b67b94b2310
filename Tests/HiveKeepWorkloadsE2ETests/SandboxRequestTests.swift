import Foundation
import HiveKeepTestSupport
import Testing

/// The sandbox's request rules through a real `hivekeep serve`: loader variables and opt-outs.
@Suite("sandbox request rules end to end", .serialized, .timeLimit(.minutes(3)))
struct SandboxRequestTests {
    @Test("LD_PRELOAD in env_vars is a 400 naming it that creates nothing; sandbox none on uvx:// is a 400")
    func loaderVariableRefused() async throws {
        let harness = try WorkloadHarness(extraEnvironment: [:])
        do {
            try await harness.startServer()
            let preload = try harness.api(
                "POST", "/api/v1beta/workloads",
                #"{"name":"pre","image":"exec:///bin/cat","env_vars":{"LD_PRELOAD":"/tmp/evil.so"}}"#)
            #expect(preload.status == 400)
            #expect(preload.body.contains("LD_PRELOAD") && preload.body.contains("allow_loader_env"))
            let unsandboxed = try harness.api(
                "POST", "/api/v1beta/workloads", #"{"name":"bare","image":"uvx://mcp-server-time","sandbox":"none"}"#)
            #expect(unsandboxed.status == 400)
            #expect(unsandboxed.body.contains("only possible for exec://"))
            let listed = try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [[String: Any]]
            #expect(listed?.isEmpty == true)
        } catch {
            await harness.tearDown()
            throw error
        }
        await harness.tearDown()
    }
}
