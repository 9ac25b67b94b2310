import Foundation

/// `Tests/Support/oauth/redirecting_peer.py` (system Python, standard library): a server that answers every request
/// with a `307` to the same path on a second server, another origin, which records every POST it receives (body and
/// headers; `GET /seen` on it lists them). For tests that a request carrying a credential is not replayed to
/// wherever a redirect points. Below `/here/` the first server redirects to itself instead: `POST /here/mcp` goes
/// to `/here/mcp/`, which answers an empty tools list and is recorded as `here`.
public enum RedirectingPeer {
    /// Runs `body` with the two servers' ports, then stops them.
    public static func with(
        _ body: (_ redirector: Int, _ elsewhere: Int) async throws -> Void
    ) async throws {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // HiveKeepTestSupport
            .deletingLastPathComponent()  // Support
            .appendingPathComponent("oauth/redirecting_peer.py").path
        let directory = try TemporaryDirectory(prefix: "redirecting-peer")
        defer { directory.remove() }
        let process = try ChildProcess(
            "/usr/bin/python3", [script], environment: ["PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1"],
            logDirectory: directory.path, name: "redirecting-peer")
        defer { process.kill() }
        var line: String?
        for _ in 0..<600 {
            if let first = process.output.split(separator: "\n").first { line = String(first) }
            if line != nil || !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        guard let line, let ports = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int],
            let redirector = ports["redirector"], let elsewhere = ports["elsewhere"]
        else { throw TestSupportError("the redirecting peer did not start: \(process.errorOutput.suffix(2000))") }
        try await body(redirector, elsewhere)
    }

    /// What the second server received (how many POSTs, each one's body and headers), and what `/here/mcp/` did.
    public static func seen(elsewhere: Int) throws -> (posts: Int, requests: [String], here: [String]) {
        let reply = try RawHTTP.request("GET", "/seen", to: .tcp(port: elsewhere))
        guard let object = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any],
            let posts = object["posts"] as? Int
        else { throw TestSupportError("GET /seen answered \(reply.status): \(reply.body)") }
        return (posts, object["bodies"] as? [String] ?? [], object["here"] as? [String] ?? [])
    }
}
