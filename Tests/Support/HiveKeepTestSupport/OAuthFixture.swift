import Foundation

/// The OAuth test servers of `Tests/Support/oauth/oauth_fixture.py`, started on free loopback ports: an
/// authorization server built on Authlib (PKCE S256 required, dynamic registration, refresh with rotation, client
/// credentials, revocation, introspection) and a remote MCP server protected by it (the `mcp` SDK's server auth).
///
/// Test controls (JSON bodies, answered 204 unless said):
/// - `POST control/fail-token {"status": 503, "count": 2}`: the next `count` token requests answer `status`.
/// - `POST control/expire-access-tokens`: every access token issued so far expires now (the MCP server refuses it).
/// - `POST control/revoke-refresh-tokens`: every refresh token issued so far is revoked (`invalid_grant`).
/// - `POST control/refresh-rotation {"rotate": false}`: refresh answers carry no new refresh token (the old one
///   stays valid); `true` (the default) rotates.
/// - `POST control/metadata-issuer {"issuer": "https://other"}`: the metadata names another issuer (null: its own).
/// - `GET control/token-requests`: `[{"grant_type", "resource", "client_auth": basic|post|none}]`, in order.
/// - `POST control/clients {"grant_types": ["client_credentials"]}`: 201 `{"client_id", "client_secret"}` of a new
///   confidential client (HTTP Basic at the token endpoint).
public final class OAuthFixture: Sendable {
    /// The authorization server's issuer (`http://127.0.0.1:PORT`); metadata at
    /// `/.well-known/oauth-authorization-server`, the sign-in page at `/authorize`.
    public let issuer: URL
    /// The protected MCP server's streamable HTTP endpoint (`http://127.0.0.1:PORT/mcp`).
    public let mcpURL: URL
    /// The base of the test controls (`ISSUER/control`).
    public let controlURL: URL
    /// The fixture process (its log: `process.errorOutput`).
    public let process: ChildProcess

    /// Starts the fixture with the test venv's Python; `accessTokenTTL` is every access token's `expires_in`.
    public init(logDirectory: String, accessTokenTTL: Int = 3600) async throws {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // HiveKeepTestSupport
            .deletingLastPathComponent()  // Support
            .appendingPathComponent("oauth/oauth_fixture.py").path
        let python = try PythonTools.executable("python")
        process = try ChildProcess(
            python, [script, "--access-token-ttl", "\(accessTokenTTL)"],
            environment: ["PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1", "HOME": logDirectory],
            logDirectory: logDirectory, name: "oauth-fixture")
        var line: String?
        for _ in 0..<600 {
            if let first = process.output.split(separator: "\n").first { line = String(first) }
            if line != nil || !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard let line, let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
            let issuer = object["issuer"].flatMap(URL.init(string:)),
            let mcp = object["mcp"].flatMap(URL.init(string:)),
            let control = object["control"].flatMap(URL.init(string:))
        else {
            process.kill()
            throw TestSupportError("the OAuth fixture did not start: \(process.errorOutput.suffix(2000))")
        }
        self.issuer = issuer
        self.mcpURL = mcp
        self.controlURL = control
    }

    /// Stops the servers.
    public func stop() {
        process.kill()
    }

    deinit {
        process.kill()
    }
}
