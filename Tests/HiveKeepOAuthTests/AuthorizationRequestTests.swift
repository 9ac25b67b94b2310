import AsyncHTTPClient
import Foundation
import HiveKeepOAuth
import Logging
import Testing

@Suite struct AuthorizationRequestTests {
    let client = OAuthClient(logger: Logger(label: "test"))
    let endpoints = OAuthEndpoints(
        issuer: "https://as.example.com",
        authorizationEndpoint: URL(string: "https://as.example.com/authorize?tenant=t")!,
        tokenEndpoint: URL(string: "https://as.example.com/token")!, scopesSupported: ["mcp"])
    let registration = OAuthClientRegistration(clientID: "client 1")

    func query(_ url: URL) -> [String: String] {
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    @Test func theURLCarriesPKCEStateResourceScopesAndExtraParameters() throws {
        var settings = OAuthSettings(resource: URL(string: "https://mcp.example.com/mcp#frag")!)
        settings.extraParameters = ["audience": "x y", "prompt": "consent"]
        let request = try client.authorizationRequest(
            endpoints: endpoints, client: registration, settings: settings, redirectURI: "http://127.0.0.1:9/callback")
        let parameters = query(request.url)
        #expect(parameters["tenant"] == "t")
        #expect(parameters["response_type"] == "code")
        #expect(parameters["client_id"] == "client 1")
        #expect(parameters["redirect_uri"] == "http://127.0.0.1:9/callback")
        #expect(parameters["state"] == request.state)
        #expect(parameters["code_challenge"] == (try PKCE.challenge(for: request.codeVerifier)))
        #expect(parameters["code_challenge_method"] == "S256")
        #expect(parameters["resource"] == "https://mcp.example.com/mcp")
        #expect(parameters["scope"] == "mcp")
        #expect(parameters["audience"] == "x y")
        #expect(parameters["prompt"] == "consent")
        #expect(!request.url.absoluteString.contains(request.codeVerifier))

        settings.scopes = ["a", "b"]
        settings.usePKCE = false
        let plain = try client.authorizationRequest(
            endpoints: endpoints, client: registration, settings: settings, redirectURI: "http://127.0.0.1:9/callback")
        #expect(query(plain.url)["scope"] == "a b")
        #expect(query(plain.url)["code_challenge"] == nil)
        #expect(plain.codeVerifier.isEmpty)
        #expect(plain.state != request.state)
    }

    @Test func extraParametersMayNotOverrideTheProtocolsOwn() throws {
        for name in ["state", "redirect_uri", "code_challenge", "Resource", "client_id", "scope", "response_type"] {
            var settings = OAuthSettings(resource: URL(string: "https://mcp.example.com/mcp")!)
            settings.extraParameters = [name: "evil"]
            #expect {
                try client.authorizationRequest(
                    endpoints: endpoints, client: registration, settings: settings, redirectURI: "http://127.0.0.1:9/cb"
                )
            } throws: { error in
                guard case .refused(let message) = error as? OAuthError else { return false }
                return message.contains(name)
            }
        }
    }

    @Test func aPastedRedirectYieldsTheCodeOnlyForThisFlowsState() throws {
        let request = AuthorizationRequest(
            url: URL(string: "https://as/authorize")!, state: "s-1", codeVerifier: "v",
            redirectURI: "http://127.0.0.1:9/cb")
        let completion = try request.completion(fromRedirect: "  http://127.0.0.1:9/cb?code=c%2B1&state=s-1\n")
        #expect(completion.code == "c+1")
        #expect(!"\(completion)".contains("c+1"))

        func rejection(_ redirect: String) -> String? {
            do {
                _ = try request.completion(fromRedirect: redirect)
                return nil
            } catch {
                guard case .callbackRejected(let message) = error else { return nil }
                return message
            }
        }
        #expect(rejection("http://127.0.0.1:9/cb?code=c&state=other")?.contains("state") == true)
        #expect(rejection("http://127.0.0.1:9/cb?code=c")?.contains("state") == true)
        #expect(rejection("http://127.0.0.1:9/cb?state=s-1")?.contains("no authorization code") == true)
        #expect(
            rejection("http://127.0.0.1:9/cb?error=access_denied&error_description=User+said+no&state=s-1")
                == "the authorization server answered access_denied: User said no")
    }

    @Test func plainHTTPIsRefusedExceptOnLoopback() async throws {
        var settings = OAuthSettings(resource: URL(string: "https://mcp.example.com/mcp")!)
        settings.authorizeURL = URL(string: "http://as.example.com/authorize")
        settings.tokenURL = URL(string: "https://as.example.com/token")
        await #expect(throws: OAuthError.self) { try await client.discover(settings: settings) }
        settings.authorizeURL = URL(string: "http://127.0.0.1:4/authorize")
        let endpoints = try await client.discover(settings: settings)
        #expect(endpoints.authorizationEndpoint.absoluteString == "http://127.0.0.1:4/authorize")
        settings.tokenURL = nil
        await #expect(throws: OAuthError.self) { try await client.discover(settings: settings) }
    }
}

@Suite struct ClientRegistrationChoiceTests {
    let client = OAuthClient(logger: Logger(label: "test"))
    let endpoints = OAuthEndpoints(
        issuer: nil, authorizationEndpoint: URL(string: "https://as.example.com/authorize")!,
        tokenEndpoint: URL(string: "https://as.example.com/token")!)

    @Test func aGivenClientIDIsUsedAndNothingIsRegistered() async throws {
        var settings = OAuthSettings(resource: URL(string: "https://mcp.example.com/mcp")!)
        settings.clientID = "given"
        settings.clientSecret = "s3cret-value"
        let confidential = try await client.clientRegistration(
            settings: settings, endpoints: endpoints, redirectURI: "http://127.0.0.1:9/cb")
        #expect(
            confidential
                == OAuthClientRegistration(
                    clientID: "given", clientSecret: "s3cret-value", tokenEndpointAuthMethod: "client_secret_basic"))
        settings.clientSecret = nil
        let publicClient = try await client.clientRegistration(
            settings: settings, endpoints: endpoints, redirectURI: "http://127.0.0.1:9/cb")
        #expect(publicClient.tokenEndpointAuthMethod == "none")

        // No client_id and no registration endpoint: discovery cannot go on, and says what to give.
        settings.clientID = nil
        await #expect(throws: OAuthError.self) {
            try await client.clientRegistration(settings: settings, endpoints: endpoints, redirectURI: "http://x")
        }
        settings.clientCredentials = true
        await #expect {
            try await client.clientRegistration(settings: settings, endpoints: endpoints, redirectURI: "http://x")
        } throws: { error in
            guard case .refused(let message) = error as? OAuthError else { return false }
            return message.contains("client_id")
        }
    }
}
