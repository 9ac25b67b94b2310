import Foundation
import HiveKeepOAuth
import HiveKeepTestSupport
import Testing

/// Refresh, client credentials and the sorting of token endpoint failures, against the fixture.
@Suite struct OAuthTokenTests {
    /// Registers, signs in as alice and exchanges the code (the redirect is read as if pasted).
    static func signedIn(
        _ harness: OAuthHarness
    ) async throws -> (OAuthEndpoints, OAuthClientRegistration, OAuthTokens, [String]) {
        let endpoints = try await harness.client.discover(settings: harness.settings)
        let redirectURI = "http://127.0.0.1:1/callback"
        let registration = try await harness.client.register(endpoints: endpoints, redirectURI: redirectURI)
        let request = try harness.client.authorizationRequest(
            endpoints: endpoints, client: registration, settings: harness.settings, redirectURI: redirectURI)
        let completion = try request.completion(fromRedirect: try await harness.signIn(request.url))
        let tokens = try await harness.client.exchange(
            completion, request: request, endpoints: endpoints, client: registration, settings: harness.settings)
        let secrets = [completion.code, request.codeVerifier, tokens.accessToken, tokens.refreshToken ?? ""]
        return (endpoints, registration, tokens, secrets)
    }

    @Test func refreshReplacesAnExpiredAccessTokenAndAnswers503AsTemporary() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        let (endpoints, registration, tokens, _) = try await Self.signedIn(harness)
        try await harness.control("expire-access-tokens", json: "{}")
        #expect(try await harness.callMCP(accessToken: tokens.accessToken) == 401)

        try await harness.control("fail-token", json: #"{"status": 503, "count": 2}"#)
        for _ in 0..<2 {
            await #expect {
                try await harness.client.refresh(
                    tokens, endpoints: endpoints, client: registration, settings: harness.settings)
            } throws: { error in
                guard case .temporarilyUnavailable(let message) = error as? OAuthError else { return false }
                return message.contains("503")
            }
        }
        // The refresh token survived the outage: the retry works.
        let refreshed = try await harness.client.refresh(
            tokens, endpoints: endpoints, client: registration, settings: harness.settings)
        #expect(refreshed.accessToken != tokens.accessToken)
        #expect(refreshed.refreshToken != nil && refreshed.refreshToken != tokens.refreshToken)  // rotated
        #expect(try await harness.callMCP(accessToken: refreshed.accessToken) == 200)
        let grants = try await harness.tokenRequests().map { $0["grant_type"] }
        #expect(grants == ["authorization_code", "refresh_token", "refresh_token", "refresh_token"])

        // The rotated-out refresh token is spent: invalid_grant, sign in again.
        await #expect {
            try await harness.client.refresh(
                tokens, endpoints: endpoints, client: registration, settings: harness.settings)
        } throws: { error in
            guard case .signInRequired = error as? OAuthError else { return false }
            return true
        }
    }

    @Test func keepsTheRefreshTokenWhenTheServerReturnsNoneAndARevokedOneMeansSignIn() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        let (endpoints, registration, tokens, _) = try await Self.signedIn(harness)
        try await harness.control("refresh-rotation", json: #"{"rotate": false}"#)
        let refreshed = try await harness.client.refresh(
            tokens, endpoints: endpoints, client: registration, settings: harness.settings)
        #expect(refreshed.refreshToken == tokens.refreshToken)
        let again = try await harness.client.refresh(
            refreshed, endpoints: endpoints, client: registration, settings: harness.settings)
        #expect(try await harness.callMCP(accessToken: again.accessToken) == 200)

        try await harness.control("revoke-refresh-tokens", json: "{}")
        await #expect {
            try await harness.client.refresh(
                again, endpoints: endpoints, client: registration, settings: harness.settings)
        } throws: { error in
            guard case .signInRequired(let message) = error as? OAuthError else { return false }
            return message.contains("invalid_grant")
        }
        var noRefresh = again
        noRefresh.refreshToken = nil
        await #expect(throws: OAuthError.signInRequired("there is no refresh token; sign in again")) {
            try await harness.client.refresh(
                noRefresh, endpoints: endpoints, client: registration, settings: harness.settings)
        }
    }

    @Test func theClientCredentialsGrantAuthenticatesWithBasicAndOpensTheMCPServer() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        let made = try await harness.control("clients", json: #"{"grant_types": ["client_credentials"]}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(made.utf8)) as? [String: String])
        let secret = try #require(object["client_secret"])
        let registration = OAuthClientRegistration(clientID: try #require(object["client_id"]), clientSecret: secret)
        var settings = harness.settings
        settings.issuer = harness.fixture.issuer
        settings.scopes = ["mcp"]
        settings.clientCredentials = true
        let endpoints = try await harness.client.discover(settings: settings)
        let tokens = try await harness.client.clientCredentials(
            endpoints: endpoints, client: registration, settings: settings)
        #expect(tokens.refreshToken == nil)
        #expect(tokens.scope == "mcp")
        #expect(try await harness.callMCP(accessToken: tokens.accessToken) == 200)
        #expect(
            try await harness.tokenRequests() == [
                [
                    "grant_type": "client_credentials", "client_auth": "basic",
                    "resource": harness.fixture.mcpURL.absoluteString,
                ]
            ])

        let wrong = OAuthClientRegistration(clientID: registration.clientID, clientSecret: "not-the-secret")
        await #expect {
            try await harness.client.clientCredentials(endpoints: endpoints, client: wrong, settings: settings)
        } throws: { error in
            guard case .refused(let message) = error as? OAuthError else { return false }
            return message.contains("invalid_client")
        }
        await #expect(throws: OAuthError.self) {
            try await harness.client.clientCredentials(
                endpoints: endpoints, client: OAuthClientRegistration(clientID: "x"), settings: settings)
        }
    }

    @Test func aTokenForAnotherResourceIsRefusedByTheMCPServer() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        var settings = harness.settings
        settings.resourceIndicator = "https://elsewhere.example.com/mcp"
        let endpoints = try await harness.client.discover(settings: settings)
        let redirectURI = "http://127.0.0.1:1/callback"
        let registration = try await harness.client.register(endpoints: endpoints, redirectURI: redirectURI)
        let request = try harness.client.authorizationRequest(
            endpoints: endpoints, client: registration, settings: settings, redirectURI: redirectURI)
        let completion = try request.completion(fromRedirect: try await harness.signIn(request.url))
        let tokens = try await harness.client.exchange(
            completion, request: request, endpoints: endpoints, client: registration, settings: settings)
        #expect(try await harness.callMCP(accessToken: tokens.accessToken) == 401)
    }
}
