import Foundation
import HiveKeepTestSupport
import Testing

/// `hivekeep run|list|status|logs|stop|restart|rm` as a user types them, with no API server running.
@Suite("workload commands", .serialized, .timeLimit(.minutes(5)))
struct WorkloadCommandTests {
    func hivekeep(_ harness: WorkloadHarness, _ arguments: [String]) async throws -> (Int32, String, String) {
        let process = try ChildProcess(
            try TestProducts.executable("hivekeep"), arguments, environment: harness.environment,
            logDirectory: harness.clientLogs)
        let status = try await process.wait(timeout: .seconds(120))
        return (status, process.output, process.errorOutput)
    }

    @Test("run follows the start and prints the URL; list, status, logs, restart, stop and rm work without a server")
    func commands() async throws {
        try await withHarness { harness in
            try FileManager.default.createDirectory(atPath: harness.clientLogs, withIntermediateDirectories: true)
            let script = try harness.envServerScript()

            let (runStatus, runOutput, runErrors) = try await hivekeep(
                harness, ["run", "exec://\(script)", "--name", "cli"])
            #expect(runStatus == 0, "\(runOutput)\(runErrors)")
            #expect(runOutput.contains("created workload cli on port"))
            let url = try #require(
                runOutput.split(separator: "\n").first { $0.contains("is running: ") }?
                    .components(separatedBy: "is running: ").last)
            #expect(url.hasPrefix("http://127.0.0.1:") && url.hasSuffix("/mcp"))
            let reply = try await harness.mcpClient(url, "streamable", ["call", "echo", #"{"text":"from the cli"}"#])
            #expect(reply["content"] as? [String] == ["from the cli"])

            let (_, listed, _) = try await hivekeep(harness, ["list", "--json"])
            let list = try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]]
            #expect(list?.map { $0["name"] as? String } == ["cli"])
            #expect(list?.first?["url"] as? String == url)
            let (_, status, _) = try await hivekeep(harness, ["status", "cli"])
            #expect(status.contains("cli: running"))
            let (_, proxyLog, _) = try await hivekeep(harness, ["logs", "--proxy", "cli"])
            #expect(proxyLog.contains("runner started"))

            let (restartStatus, restartOutput, _) = try await hivekeep(harness, ["restart", "cli"])
            #expect(restartStatus == 0)
            #expect(restartOutput.contains("is running: \(url)"))
            let (stopStatus, stopOutput, _) = try await hivekeep(harness, ["stop", "cli"])
            #expect(stopStatus == 0 && stopOutput.contains("stopped cli"))
            let (_, afterStop, _) = try await hivekeep(harness, ["list"])
            #expect(afterStop.contains("no running workloads"))
            let (rmStatus, _, _) = try await hivekeep(harness, ["rm", "cli"])
            #expect(rmStatus == 0)
            let (missingStatus, _, missingErrors) = try await hivekeep(harness, ["status", "cli"])
            #expect(missingStatus != 0)
            #expect(missingErrors.contains("workload not found"))
            #expect(await harness.leftoverProcesses() == [])

            let (badStatus, _, badErrors) = try await hivekeep(
                harness, ["run", "ghcr.io/example/server:-1", "--name", "img"])
            #expect(badStatus != 0)
            #expect(badErrors.contains("invalid image reference"))
        }
    }
}
