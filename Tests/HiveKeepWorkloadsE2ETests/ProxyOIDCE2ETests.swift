import Foundation
import HiveKeepTestSupport
import Testing

/// A workload with `oidc` settings: its proxy also accepts JWTs of that issuer (minted by PyJWT in the independent
/// issuer fixture of the HiveKeepAuth tests), verified by the same JWTVerifier as the API.
@Suite("workload proxy with an OIDC issuer end to end", .serialized, .timeLimit(.minutes(5)))
struct ProxyOIDCE2ETests {
    static let issuerScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HiveKeepAuthTests/Fixtures/issuer.py").path

    /// A token from the issuer on `port`, signed with its RS256 key, for `audience`, valid ten minutes.
    static func mint(port: Int, audience: String) throws -> String {
        let now = Int(Date().timeIntervalSince1970)
        let claims: [String: Any] = [
            "iss": "http://127.0.0.1:\(port)", "sub": "alice", "aud": [audience], "iat": now, "exp": now + 600,
        ]
        let body = String(
            decoding: try JSONSerialization.data(withJSONObject: ["kid": "rsa-1", "claims": claims]), as: UTF8.self)
        let reply = try RawHTTP.request(
            "POST", "/mint", to: .tcp(port: port), headers: ["Content-Type": "application/json"], body: body)
        guard reply.status == 200 else { throw TestSupportError("mint answered \(reply.status): \(reply.body)") }
        return reply.body.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("metadata names the issuer, the 401 points at it, a valid JWT lets the client in, another audience not")
    func oidcWorkload() async throws {
        try await withHarness { harness in
            try await harness.startServer()
            try FileManager.default.createDirectory(atPath: harness.clientLogs, withIntermediateDirectories: true)
            let issuer = try ChildProcess(
                try PythonTools.executable("python"), [Self.issuerScript], environment: harness.environment,
                logDirectory: harness.clientLogs, name: "issuer")
            defer { issuer.kill() }
            var issuerPort = 0
            for _ in 0..<600 where issuerPort == 0 {
                issuerPort = issuer.output.split(separator: "\n").first.flatMap { Int($0) } ?? 0
                if issuerPort == 0 { try await Task.sleep(for: .milliseconds(50)) }
            }
            let issuerURL = "http://127.0.0.1:\(issuerPort)"
            let script = try harness.envServerScript()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"sso","image":"exec://\#(script)","oidc":{"issuer":"\#(issuerURL)","audience":"mcp-proxy"}}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("sso", "running")

            let metadata = try RawHTTP.request("GET", "/.well-known/oauth-protected-resource", to: .tcp(port: port))
            #expect(metadata.status == 200)
            let document = try JSONSerialization.jsonObject(with: Data(metadata.body.utf8)) as? [String: Any]
            #expect(document?["authorization_servers"] as? [String] == [issuerURL])
            // RawHTTP sends `Host: localhost` (no port): the proxy names itself as reached, with its own port.
            #expect(document?["resource"] as? String == "http://localhost:\(port)/mcp")
            let refused = try RawHTTP.request("POST", "/mcp", to: .tcp(port: port), body: "{}")
            #expect(refused.status == 401)
            let challenge = refused.headers.first { $0.key.lowercased() == "www-authenticate" }?.value
            #expect(
                challenge
                    == #"Bearer resource_metadata="http://localhost:\#(port)/.well-known/oauth-protected-resource""#)

            let url = "http://127.0.0.1:\(port)/mcp"
            let call = ["call", "echo", #"{"text":"signed in"}"#]
            let good = try Self.mint(port: issuerPort, audience: "mcp-proxy")
            for transport in ["streamable", "streamable-legacy"] {
                let reply = try await harness.mcpClient(url, transport, call, token: good)
                #expect(reply["content"] as? [String] == ["signed in"], "\(transport)")
            }
            let other = try Self.mint(port: issuerPort, audience: "some-other-api")
            await #expect(throws: (any Error).self) {
                _ = try await harness.mcpClient(url, "streamable", call, token: other)
            }
            let wrongAudience = try RawHTTP.request(
                "POST", "/mcp", to: .tcp(port: port), headers: ["Authorization": "Bearer \(other)"], body: "{}")
            #expect(wrongAudience.status == 401)
            #expect(wrongAudience.body == "invalid credential\n")
            // The proxy token still works beside the issuer's tokens.
            let token = try await harness.proxyToken("sso")
            #expect(
                try await harness.mcpClient(url, "streamable", call, token: token)["content"] as? [String] == [
                    "signed in"
                ])

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/sso").status == 202)
            try await harness.waitUntilDeleted("sso")
            issuer.kill()
        }
    }
}
