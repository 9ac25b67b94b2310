import Foundation
import HiveKeepOAuth
import HiveKeepTestSupport
import NIOCore
import Testing

/// Discovery against the fixture's protected MCP server (the `mcp` SDK's auth) and its authorization server.
@Suite struct OAuthDiscoveryTests {
    @Test func discoversTheAuthorizationServerFromTheMCPServers401() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        let challenge = try #require(try await harness.client.probe(resource: harness.fixture.mcpURL))
        #expect(challenge.resourceMetadata?.contains("/.well-known/oauth-protected-resource/mcp") == true)

        let endpoints = try await harness.client.discover(settings: harness.settings)
        let issuer = harness.fixture.issuer.absoluteString
        #expect(endpoints.issuer == issuer)
        #expect(endpoints.authorizationEndpoint.absoluteString == issuer + "/authorize")
        #expect(endpoints.tokenEndpoint.absoluteString == issuer + "/token")
        #expect(endpoints.registrationEndpoint?.absoluteString == issuer + "/register")
        #expect(endpoints.scopesSupported == ["mcp"])  // the resource's, not the server's ["mcp", "profile"]
    }

    @Test func findsTheResourceMetadataAtTheWellKnownURLWithoutAChallenge() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        let metadata = try await harness.client.protectedResourceMetadata(
            resource: harness.fixture.mcpURL, challenge: nil)
        #expect(metadata.authorizationServers.map(\.absoluteString) == [harness.fixture.issuer.absoluteString])
        #expect(metadata.resource == harness.fixture.mcpURL.absoluteString)
    }

    @Test func usesTheGivenIssuerAndChecksTheMetadataNamesIt() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        var settings = harness.settings
        settings.issuer = harness.fixture.issuer
        let endpoints = try await harness.client.discover(settings: settings)
        #expect(endpoints.scopesSupported == ["mcp", "profile"])

        try await harness.control("metadata-issuer", json: #"{"issuer": "https://other.example.com"}"#)
        await #expect {
            try await harness.client.discover(settings: settings)
        } throws: { error in
            guard case .discoveryFailed(let message) = error as? OAuthError else { return false }
            return message.contains("https://other.example.com")
        }
    }

    @Test func aServerThatIsNotThereIsTemporarilyUnavailableAndOneWithoutMetadataFailsDiscovery() async throws {
        let harness = try await OAuthHarness()
        defer { harness.stop() }
        var settings = OAuthSettings(resource: URL(string: "http://127.0.0.1:1/mcp")!)
        var quick = harness.client
        quick.timeout = .seconds(2)  // AsyncHTTPClient retries a refused connection until the deadline
        await #expect {
            try await quick.discover(settings: settings)
        } throws: { error in
            guard case .temporarilyUnavailable = error as? OAuthError else { return false }
            return true
        }
        settings = harness.settings
        settings.issuer = harness.fixture.mcpURL  // the MCP server has no authorization server metadata
        await #expect {
            try await harness.client.discover(settings: settings)
        } throws: { error in
            guard case .discoveryFailed = error as? OAuthError else { return false }
            return true
        }
    }
}
