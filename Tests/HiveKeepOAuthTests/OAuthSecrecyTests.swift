import AsyncHTTPClient
import Foundation
import HiveKeepOAuth
import HiveKeepTestSupport
import Logging
import NIOCore
import Testing

/// No token, code, verifier or client secret in any error message or log line, whatever fails.
@Suite struct OAuthSecrecyTests {
    @Test func noSecretReachesAnErrorOrALogLine() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        let (endpoints, registration, tokens, flowSecrets) = try await OAuthTokenTests.signedIn(harness)
        let made = try await harness.control("clients", json: #"{"grant_types": ["client_credentials"]}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(made.utf8)) as? [String: String])
        let secret = try #require(object["client_secret"])
        let confidential = OAuthClientRegistration(clientID: try #require(object["client_id"]), clientSecret: secret)
        let secrets = flowSecrets + [secret]
        #expect(secrets.allSatisfy { $0.count >= 16 })

        var errors: [OAuthError] = []
        func collect(_ body: () async throws -> Void) async {
            do {
                try await body()
                Issue.record("expected a failure")
            } catch let error as OAuthError {
                errors.append(error)
            } catch {
                Issue.record("not an OAuthError: \(error)")
            }
        }
        let settings = harness.settings
        let client = harness.client
        try await harness.control("fail-token", json: #"{"status": 503, "count": 1}"#)
        await collect {
            _ = try await client.refresh(tokens, endpoints: endpoints, client: registration, settings: settings)
        }
        try await harness.control("revoke-refresh-tokens", json: "{}")
        await collect {
            _ = try await client.refresh(tokens, endpoints: endpoints, client: registration, settings: settings)
        }
        await collect {
            _ = try await client.clientCredentials(
                endpoints: endpoints,
                client: OAuthClientRegistration(clientID: confidential.clientID, clientSecret: secret + "x"),
                settings: settings)
        }
        await collect {
            // The confidential client has no authorization_code grant: unauthorized_client, with Basic auth.
            _ = try await client.refresh(tokens, endpoints: endpoints, client: confidential, settings: settings)
        }
        var unreachable = endpoints
        unreachable.tokenEndpoint = URL(string: "http://127.0.0.1:1/token")!
        var quick = client
        quick.timeout = .seconds(2)  // AsyncHTTPClient retries a refused connection until the deadline
        await collect {
            _ = try await quick.refresh(tokens, endpoints: unreachable, client: confidential, settings: settings)
        }
        let request = AuthorizationRequest(
            url: endpoints.authorizationEndpoint, state: "s", codeVerifier: flowSecrets[1],
            redirectURI: "http://127.0.0.1:1/cb")
        await collect {
            _ = try request.completion(fromRedirect: "http://127.0.0.1:1/cb?code=\(flowSecrets[0])&state=t")
        }

        #expect(errors.count == 6)
        let rendered = errors.map { "\($0) \(String(reflecting: $0))" } + harness.logs.all
        #expect(harness.logs.all.count >= 5)
        for text in rendered {
            for value in secrets {
                #expect(!text.contains(value), "a secret in: \(text)")
            }
        }
    }
}
