import Foundation
import HiveKeepOAuth
import HiveKeepTestSupport
import NIOCore
import Testing

/// The authorization code flow end to end: DCR, PKCE, the loopback callback, a person at the sign-in page.
@Suite struct OAuthFlowTests {
    @Test func signsInThroughTheCallbackListenerAndTheTokenOpensTheMCPServer() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        let endpoints = try await harness.client.discover(settings: harness.settings)
        let listener = try await CallbackListener.start()
        defer { listener.close() }
        let registration = try await harness.client.register(endpoints: endpoints, redirectURI: listener.redirectURI)
        #expect(registration.clientSecret == nil)  // a public client: PKCE, no secret
        #expect(registration.tokenEndpointAuthMethod == "none")
        #expect(registration.redirectURI == listener.redirectURI)

        let request = try harness.client.authorizationRequest(
            endpoints: endpoints, client: registration, settings: harness.settings, redirectURI: listener.redirectURI)
        let waiting = Task { try await listener.wait(for: request) }
        let redirect = try await harness.signIn(request.url)
        #expect(redirect.hasPrefix(listener.redirectURI + "?"))
        let page = try await OAuthHarness.fetch(redirect)  // the browser follows the redirect to the listener
        #expect(page.status == 200)
        #expect(page.body.contains("You can close this window"))
        let completion = try await waiting.value

        #expect(try await harness.callMCP(accessToken: nil) == 401)
        let tokens = try await harness.client.exchange(
            completion, request: request, endpoints: endpoints, client: registration, settings: harness.settings)
        #expect(tokens.refreshToken != nil)
        let expiresAt = try #require(tokens.expiresAt)
        #expect(expiresAt > Date().addingTimeInterval(3000) && expiresAt < Date().addingTimeInterval(3700))
        #expect(try await harness.callMCP(accessToken: tokens.accessToken) == 200)

        #expect(
            try await harness.tokenRequests() == [
                [
                    "grant_type": "authorization_code", "client_auth": "none",
                    "resource": harness.fixture.mcpURL.absoluteString,
                ]
            ])
        // The listener is gone once the flow is over.
        await #expect(throws: (any Error).self) { try await OAuthHarness.fetch(redirect, timeout: .seconds(2)) }
    }

    @Test func aCallbackWithAnotherStateIsRefusedAndItsCodeNeverExchanged() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        let endpoints = try await harness.client.discover(settings: harness.settings)
        let listener = try await CallbackListener.start()
        let registration = try await harness.client.register(endpoints: endpoints, redirectURI: listener.redirectURI)
        let request = try harness.client.authorizationRequest(
            endpoints: endpoints, client: registration, settings: harness.settings, redirectURI: listener.redirectURI)
        let waiting = Task { try await listener.wait(for: request) }
        let redirect = try await harness.signIn(request.url)
        let forged = redirect.replacingOccurrences(of: "state=\(request.state)", with: "state=forged")
        #expect(forged != redirect)
        _ = try await OAuthHarness.fetch(forged)
        await #expect {
            try await waiting.value
        } throws: { error in
            guard case .callbackRejected(let message) = error as? OAuthError else { return false }
            return message.contains("state")
        }
        #expect(try await harness.tokenRequests().isEmpty)
    }

    @Test func aDeniedSignInEndsTheFlowWithTheServersError() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        let endpoints = try await harness.client.discover(settings: harness.settings)
        let listener = try await CallbackListener.start()
        let registration = try await harness.client.register(endpoints: endpoints, redirectURI: listener.redirectURI)
        let request = try harness.client.authorizationRequest(
            endpoints: endpoints, client: registration, settings: harness.settings, redirectURI: listener.redirectURI)
        let waiting = Task { try await listener.wait(for: request) }
        let page = try await OAuthHarness.fetch(try await harness.signIn(request.url, approve: false))
        #expect(page.body.contains("not completed"))
        await #expect {
            try await waiting.value
        } throws: { error in
            guard case .callbackRejected(let message) = error as? OAuthError else { return false }
            return message.contains("access_denied")
        }
    }

    @Test func finishesFromAPastedRedirectOnAnotherMachineWithNoListener() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        let endpoints = try await harness.client.discover(settings: harness.settings)
        let redirectURI = "http://127.0.0.1:1/callback"  // nothing listens: the browser's page fails, the URL stays
        let registration = try await harness.client.register(endpoints: endpoints, redirectURI: redirectURI)
        let request = try harness.client.authorizationRequest(
            endpoints: endpoints, client: registration, settings: harness.settings, redirectURI: redirectURI)
        let pasted = try await harness.signIn(request.url)
        let completion = try request.completion(fromRedirect: pasted)
        let tokens = try await harness.client.exchange(
            completion, request: request, endpoints: endpoints, client: registration, settings: harness.settings)
        #expect(try await harness.callMCP(accessToken: tokens.accessToken) == 200)

        // The code is spent: exchanging it again is invalid_grant, which means signing in again.
        await #expect {
            try await harness.client.exchange(
                completion, request: request, endpoints: endpoints, client: registration, settings: harness.settings)
        } throws: { error in
            guard case .signInRequired = error as? OAuthError else { return false }
            return true
        }
    }

    @Test func theAuthorizationServerChecksOurPKCEVerifier() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        let endpoints = try await harness.client.discover(settings: harness.settings)
        let redirectURI = "http://127.0.0.1:1/callback"
        let registration = try await harness.client.register(endpoints: endpoints, redirectURI: redirectURI)
        var request = try harness.client.authorizationRequest(
            endpoints: endpoints, client: registration, settings: harness.settings, redirectURI: redirectURI)
        let completion = try request.completion(fromRedirect: try await harness.signIn(request.url))
        request.codeVerifier = try PKCE.makeVerifier()  // not the one the challenge was made from
        await #expect {
            try await harness.client.exchange(
                completion, request: request, endpoints: endpoints, client: registration, settings: harness.settings)
        } throws: { error in
            guard case .signInRequired(let message) = error as? OAuthError else { return false }
            return message.contains("invalid_grant")
        }
    }
}
