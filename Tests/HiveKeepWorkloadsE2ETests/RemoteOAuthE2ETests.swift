import Foundation
import HiveKeepTestSupport
import Testing

/// OAuth 2.1 sign-in of remote workloads end to end: the `hivekeep` server and runner, the test authorization
/// server (Authlib) and the MCP server it protects (the `mcp` SDK) from `OAuthFixture`, the Python `mcp` client
/// through the proxy, and an HTTP client in the role of the person at the browser.
@Suite("remote workloads: OAuth sign-in end to end", .serialized)
struct RemoteOAuthE2ETests {
    static let environment = [
        "HIVEKEEP_SECRETS_PASSWORD": RemoteOAuthSupport.vaultPassword, "HIVEKEEP_OAUTH_RETRY_INITIAL_MS": "200",
        "HIVEKEEP_OAUTH_RETRY_MAX_MS": "1000", "HIVEKEEP_OAUTH_REFRESH_MARGIN_MS": "1000",
    ]

    /// Waits until `condition` holds on the workload's summary (status, status_context).
    @discardableResult
    func waitUntil(
        _ harness: WorkloadHarness, _ name: String, _ what: String, _ condition: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        var last: [String: Any]?
        for _ in 0..<600 {
            last = try harness.summary(name)
            if let last, condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("\(name): \(what) never happened; last: \(String(describing: last))")
    }

    func signInURL(_ harness: WorkloadHarness, _ name: String) async throws -> String {
        let summary = try await waitUntil(harness, name, "waiting for sign-in") {
            $0["status"] as? String == "unauthenticated"
                && ($0["status_context"] as? String)?.hasPrefix("sign in: ") == true
        }
        let auth = try harness.json("GET", "/api/v1beta/workloads/\(name)/auth")
        let url = try #require(auth["authorization_url"] as? String)
        #expect((summary["status_context"] as? String) == "sign in: " + url)
        // Reading the workload shows the same, beside its definition.
        let detail = try harness.json("GET", "/api/v1beta/workloads/\(name)")
        #expect(detail["status"] as? String == "unauthenticated" && detail["name"] as? String == name)
        #expect(detail["status_context"] as? String == "sign in: " + url)
        return url
    }

    @Test("first sign-in: discovery from the 401, DCR, the redirect pasted through the API; tokens only in the vault")
    func firstSignIn() async throws {
        try await withHarness(extraEnvironment: Self.environment) { harness in
            try FileManager.default.createDirectory(atPath: harness.clientLogs, withIntermediateDirectories: true)
            let fixture = try await OAuthFixture(logDirectory: harness.clientLogs)
            defer { fixture.stop() }
            try await harness.startServer()
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"signed","url":"\#(fixture.mcpURL.absoluteString)","#
                    + #""oauth_config":{"grant_type":"authorization_code","scopes":["mcp"]}}"#)
            let port = try #require(created["port"] as? Int)
            let url = try await signInURL(harness, "signed")
            // Meanwhile the proxy answers that it waits; the upstream sees nothing.
            let waiting = try RawHTTP.request(
                "POST", "/mcp", to: .tcp(port: port),
                headers: [
                    "Authorization": "Bearer \(try await harness.proxyToken("signed"))",
                    "Content-Type": "application/json", "Accept": "application/json, text/event-stream",
                ],
                body: #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
            #expect(waiting.status == 503 && waiting.body.contains("waiting for sign-in"), "\(waiting.body)")

            // A redirect for another sign-in is refused; the real one, pasted from "another machine", is taken.
            let redirect = try RemoteOAuthSupport.approve(url)
            let forged = redirect.replacingOccurrences(of: "state=", with: "state=x")
            let refused = try harness.api(
                "POST", "/api/v1beta/workloads/signed/auth/callback", #"{"redirect_url":"\#(forged)"}"#)
            #expect(refused.status == 400 && refused.body.contains("another sign-in"), "\(refused.body)")
            let taken = try harness.api(
                "POST", "/api/v1beta/workloads/signed/auth/callback", #"{"redirect_url":"\#(redirect)"}"#)
            #expect(taken.status == 202, "\(taken.body)")
            try await harness.waitFor("signed", "running")
            let reply = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "whoami", "{}"])
            #expect((reply["content"] as? [String])?.first?.hasPrefix("sub=alice ") == true, "\(reply)")
            let again = try harness.api(
                "POST", "/api/v1beta/workloads/signed/auth/callback", #"{"redirect_url":"\#(redirect)"}"#)
            #expect(again.status == 409)

            // The tokens and the registration are in the vault, and nowhere else; the secrets API never shows them.
            let tokens = try #require(try await RemoteOAuthSupport.record(harness, workload: "signed", kind: "tokens"))
            let access = try #require(tokens["accessToken"] as? String)
            let refresh = try #require(tokens["refreshToken"] as? String)
            #expect(try await RemoteOAuthSupport.record(harness, workload: "signed", kind: "client") != nil)
            let keys = try harness.api("GET", "/api/v1beta/secrets/default/keys").body
            #expect(!keys.contains("oauth"), "\(keys)")
            let export = try harness.api("GET", "/api/v1beta/workloads/signed/export").body
            let detail = try harness.api("GET", "/api/v1beta/workloads/signed").body
            for text in [export, detail, taken.body] {
                #expect(!text.contains(access) && !text.contains(refresh))
            }
            #expect(try RemoteOAuthSupport.filesContaining([access, refresh], in: harness) == [])

            // A restarted runner signs in with the stored tokens: no new sign-in.
            #expect(try harness.api("POST", "/api/v1beta/workloads/signed/restart").status == 202)
            try await waitUntil(harness, "signed", "restart") { $0["status"] as? String == "running" }
            let after = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "echo", #"{"text":"still signed in"}"#])
            #expect(after["content"] as? [String] == ["still signed in"])
            #expect(try RemoteOAuthSupport.tokenRequests(fixture).filter { $0 == "authorization_code" }.count == 1)

            // An edit that changes the sign-in settings signs in again: tokens made for others are not reused.
            let edited = try harness.api(
                "POST", "/api/v1beta/workloads/signed/edit",
                #"{"url":"\#(fixture.mcpURL.absoluteString)","oauth_config":{"grant_type":"authorization_code"}}"#)
            #expect(edited.status == 200, "\(edited.body)")
            _ = try await signInURL(harness, "signed")

            // Deleting the workload deletes its tokens and registration.
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/signed").status == 202)
            try await harness.waitUntilDeleted("signed")
            #expect(try await RemoteOAuthSupport.record(harness, workload: "signed", kind: "tokens") == nil)
            #expect(try await RemoteOAuthSupport.record(harness, workload: "signed", kind: "client") == nil)
        }
    }

    @Test(
        "a token that expires is refreshed unnoticed; a 503 during refresh is retried; a revoked one asks for sign-in")
    func refreshLifecycle() async throws {
        try await withHarness(extraEnvironment: Self.environment) { harness in
            try FileManager.default.createDirectory(atPath: harness.clientLogs, withIntermediateDirectories: true)
            let fixture = try await OAuthFixture(logDirectory: harness.clientLogs, accessTokenTTL: 4)
            defer { fixture.stop() }
            try await harness.startServer()
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"fresh","url":"\#(fixture.mcpURL.absoluteString)","#
                    + #""oauth_config":{"issuer":"\#(fixture.issuer.absoluteString)"}}"#)
            let port = try #require(created["port"] as? Int)
            let url = try await signInURL(harness, "fresh")
            // The person's browser is on the runner's machine: the redirect reaches the callback listener itself.
            #expect(try RemoteOAuthSupport.follow(try RemoteOAuthSupport.approve(url)) == 200)
            try await harness.waitFor("fresh", "running")
            func echo(_ text: String) async throws -> [String]? {
                do {
                    return try await harness.mcpClient(
                        "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "echo", #"{"text":"\#(text)"}"#]
                    )["content"] as? [String]
                } catch {
                    let log = try harness.api("GET", "/api/v1beta/workloads/fresh/proxy-logs").body
                    throw TestSupportError("echo \(text) failed; proxy log:\n\(log.suffix(3000))")
                }
            }
            #expect(try await echo("before expiry") == ["before expiry"])

            // The access token lives 4 s: the runner refreshes it before it expires, and calls go on working.
            for _ in 0..<300
            where try RemoteOAuthSupport.tokenRequests(fixture).filter({ $0 == "refresh_token" }).count < 2 {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try RemoteOAuthSupport.tokenRequests(fixture).filter { $0 == "refresh_token" }.count >= 2)
            #expect(try await echo("after two refreshes") == ["after two refreshes"])

            // The authorization server answers 503 three times: the status says it retries, then it recovers.
            try RemoteOAuthSupport.control(fixture, "fail-token", #"{"status":503,"count":3}"#)
            _ = try await waitUntil(harness, "fresh", "a retried refresh") {
                ($0["status_context"] as? String)?.contains("refreshing the upstream token failed, retrying") == true
            }
            _ = try await waitUntil(harness, "fresh", "recovery") {
                $0["status"] as? String == "running" && $0["status_context"] == nil
            }
            #expect(try await echo("after the outage") == ["after the outage"])
            #expect(try harness.summary("fresh")?["status"] as? String == "running")

            // A revoked refresh token is no outage: the workload asks for sign-in again, with a new URL.
            try RemoteOAuthSupport.control(fixture, "revoke-refresh-tokens")
            let second = try await signInURL(harness, "fresh")
            #expect(second != url)
            // The CLI prints the URL to open and waits (here it gives up after its timeout, saying why).
            let printed = try await harness.cli(["login", "fresh", "--timeout", "1"])
            #expect(printed.status != 0 && printed.output.contains(second), "\(printed.output) \(printed.error)")
            #expect(printed.error.contains("was not signed in within 1 s"), "\(printed.error)")
            // Signing in again from "another machine" through the CLI.
            let redirect = try RemoteOAuthSupport.approve(second, user: "bob")
            let login = try await harness.cli(["login", "fresh", "--redirect", redirect, "--timeout", "20"])
            #expect(login.status == 0, "\(login.output) \(login.error)")
            #expect(login.output.contains("signed in"))
            let whoami = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "whoami", "{}"])
            #expect((whoami["content"] as? [String])?.first?.hasPrefix("sub=bob ") == true, "\(whoami)")
            let proxyLog = try harness.api("GET", "/api/v1beta/workloads/fresh/proxy-logs").body
            #expect(proxyLog.contains("refreshed the upstream token"))
            let tokens = try #require(try await RemoteOAuthSupport.record(harness, workload: "fresh", kind: "tokens"))
            let values = [tokens["accessToken"] as? String, tokens["refreshToken"] as? String].compactMap { $0 }
            #expect(values.count == 2)
            #expect(try RemoteOAuthSupport.filesContaining(values, in: harness) == [])
            #expect(!proxyLog.contains(values[0]) && !proxyLog.contains(values[1]))
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/fresh").status == 202)
            try await harness.waitUntilDeleted("fresh")
        }
    }

    @Test(
        "client credentials: no person signs in; the client secret comes from the secrets store and goes nowhere else")
    func clientCredentials() async throws {
        try await withHarness(extraEnvironment: Self.environment) { harness in
            try FileManager.default.createDirectory(atPath: harness.clientLogs, withIntermediateDirectories: true)
            let fixture = try await OAuthFixture(logDirectory: harness.clientLogs)
            defer { fixture.stop() }
            try await harness.startServer()
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let client =
                try JSONSerialization.jsonObject(
                    with: Data(
                        try RemoteOAuthSupport.control(fixture, "clients", #"{"grant_types":["client_credentials"]}"#)
                            .utf8)
                ) as? [String: String]
            let id = try #require(client?["client_id"])
            let secret = try #require(client?["client_secret"])
            let stored = #"{"key":"cc-secret","value":"\#(secret)"}"#
            #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", stored).status == 201)
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"machine","url":"\#(fixture.mcpURL.absoluteString)","oauth_config":{"#
                    + #""issuer":"\#(fixture.issuer.absoluteString)","client_id":"\#(id)","#
                    + #""client_secret":{"name":"cc-secret","target":"cs"},"grant_type":"client_credentials"}}"#)
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("machine", "running")
            let reply = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "whoami", "{}"])
            #expect((reply["content"] as? [String])?.first?.contains("client=\(id)") == true, "\(reply)")
            #expect(try RemoteOAuthSupport.tokenRequests(fixture) == ["client_credentials"])
            let tokens = try #require(try await RemoteOAuthSupport.record(harness, workload: "machine", kind: "tokens"))
            let access = try #require(tokens["accessToken"] as? String)
            #expect(try RemoteOAuthSupport.filesContaining([secret, access], in: harness) == [])
            let export = try harness.api("GET", "/api/v1beta/workloads/machine/export").body
            #expect(export.contains("cc-secret,target=cs") && !export.contains(secret))
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/machine").status == 202)
            try await harness.waitUntilDeleted("machine")
        }
    }
}
