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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw TestSupportError("the redirecting peer ended before it listened") }
            line.append(chunk)
        }
        guard let ports = try JSONSerialization.jsonObject(with: line) as? [String: Int],
            let redirector = ports["redirector"], let elsewhere = ports["elsewhere"]
        else { throw TestSupportError("the redirecting peer printed \(String(decoding: line, as: UTF8.self))") }
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
