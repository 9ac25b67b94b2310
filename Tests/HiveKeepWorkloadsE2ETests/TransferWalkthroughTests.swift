import Foundation
import HiveKeepTestSupport
import Testing

/// Samples/walkthrough.sh, run as a user would, against a real server on a Unix socket.
@Suite("Samples walkthrough end to end", .serialized, .timeLimit(.minutes(10)))
struct TransferWalkthroughTests {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    @Test("the walkthrough trusts Keys/, imports the signed time sample and re-imports its own signed export")
    func walkthroughRuns() async throws {
        try await TransferSupport.run(environment: ["HIVEKEEP_SECRETS_PASSWORD": "walkthrough-vault-pw"]) {
            harness, transfer in
            try await harness.startServer()
            try await transfer.startSocketServer()
            let result = try await transfer.run(
                "/bin/sh", [Self.root + "/Samples/walkthrough.sh"],
                extra: [
                    "HIVEKEEP": try TestProducts.executable("hivekeep"), "HIVEKEEP_SOCKET": transfer.socketPath,
                    "WORKDIR": harness.directory.path,
                ])
            #expect(result.status == 0, "\(result.output)\n\(result.error)")
            #expect(result.output.contains("trusted hivekeep-samples"))
            for name in ["time-sample", "time-walk", "time-walk-copy"] {
                try await harness.waitFor(name, "running")
            }
            let sample = try #require(try harness.summary("time-sample"))
            let url = try #require(sample["url"] as? String)
            let reply = try await harness.mcpClient(
                url, "streamable", ["call", "get_current_time", #"{"timezone":"UTC"}"#])
            #expect((reply["content"] as? [String])?.first?.contains("UTC") == true)
            let copy = try harness.json("GET", "/api/v1beta/workloads/time-walk-copy/export")
            #expect(copy["secrets"] as? [String] == ["walkthrough-token,target=WALKTHROUGH_TOKEN"])
            #expect(copy["image"] as? String == "uvx://mcp-server-time")
            for name in ["time-sample", "time-walk", "time-walk-copy"] {
                #expect(try harness.api("DELETE", "/api/v1beta/workloads/\(name)").status == 202)
            }
        }
    }
}
