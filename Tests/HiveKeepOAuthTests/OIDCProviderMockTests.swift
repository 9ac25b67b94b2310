import AsyncHTTPClient
import Foundation
import HiveKeepOAuth
import HiveKeepTestSupport
import Logging
import NIOHTTP1
import Testing

/// The client against an independent OpenID provider from PyPI (oidc-provider-mock 0.3.4): OpenID discovery (it
/// has no RFC 8414 document), dynamic registration that hands out a secret (HTTP Basic at the token endpoint), the
/// sign-in form, code exchange and refresh.
@Suite struct OIDCProviderMockTests {
    @Test func signsInAndRefreshesThroughOpenIDDiscoveryAndAConfidentialRegistration() async throws {
        let directory = try TemporaryDirectory(prefix: "oidc-mock")
        defer { directory.remove() }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/oauth/oidc_provider_mock_server.py").path
        let process = try ChildProcess(
            try PythonTools.executable("python"), [script],
            environment: ["PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1", "HOME": directory.path],
            logDirectory: directory.path, name: "oidc-mock")
        defer { process.kill() }
        var issuerText: String?
        for _ in 0..<600 where issuerText == nil && process.isRunning {
            issuerText = process.output.split(separator: "\n").first.flatMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String])?["issuer"]
            }
            if issuerText == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let issuer = try #require(issuerText.flatMap(URL.init(string:)), "\(process.errorOutput.suffix(1000))")

        let client = OAuthClient(logger: Logger(label: "oidc-mock-test"))
        var settings = OAuthSettings(resource: issuer.appendingPathComponent("userinfo"))
        settings.issuer = issuer
        settings.scopes = ["openid", "profile"]
        let endpoints = try await client.discover(settings: settings)
        #expect(endpoints.authorizationEndpoint.absoluteString == issuer.absoluteString + "/oauth2/authorize")
        let redirectURI = "http://127.0.0.1:1/callback"
        let registration = try await client.register(
            endpoints: endpoints, redirectURI: redirectURI, tokenEndpointAuthMethod: "client_secret_basic")
        #expect(registration.clientSecret != nil)
        #expect(registration.tokenEndpointAuthMethod == "client_secret_basic")
        // Registered as public, it still hands out a secret: a secret the client must not use is not kept.
        let publicClient = try await client.register(endpoints: endpoints, redirectURI: redirectURI)
        #expect(publicClient.tokenEndpointAuthMethod == "none")
        #expect(publicClient.clientSecret == nil)

        let request = try client.authorizationRequest(
            endpoints: endpoints, client: registration, settings: settings, redirectURI: redirectURI)
        let form = try await OAuthHarness.fetch(request.url.absoluteString)
        #expect(form.status == 200 && form.body.contains(#"name="sub""#))
        let answer = try await OAuthHarness.fetch(
            request.url.absoluteString, method: .POST, body: "sub=alice",
            contentType: "application/x-www-form-urlencoded")
        let location = try #require(answer.headers.first(name: "Location"))
        let tokens = try await client.exchange(
            try request.completion(fromRedirect: location), request: request, endpoints: endpoints,
            client: registration, settings: settings)
        let userinfo = try await OAuthHarness.fetch(
            issuer.absoluteString + "/userinfo", headers: ["Authorization": "Bearer \(tokens.accessToken)"])
        #expect(userinfo.status == 200 && userinfo.body.contains("alice"))

        let refreshed = try await client.refresh(tokens, endpoints: endpoints, client: registration, settings: settings)
        #expect(refreshed.accessToken != tokens.accessToken)
        let again = try await OAuthHarness.fetch(
            issuer.absoluteString + "/userinfo", headers: ["Authorization": "Bearer \(refreshed.accessToken)"])
        #expect(again.status == 200)
    }
}
