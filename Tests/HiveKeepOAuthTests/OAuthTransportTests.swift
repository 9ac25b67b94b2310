import Foundation
import HiveKeepOAuth
import HiveKeepTestSupport
import Logging
import NIOCore
import Testing

/// The OAuth client's own HTTP client (``OAuthClient/standardHTTPClient``): a token request is never replayed to
/// the origin a redirect names, and a server that is down is reported as such at once, not after the timeout.
@Suite("OAuth client transport")
struct OAuthTransportTests {
    /// A client credentials grant (client `c` with `secret`) at the token endpoint `base/token`, through the
    /// standard HTTP client.
    static func clientCredentials(
        at base: URL, secret: String, timeout: TimeAmount = .seconds(30)
    ) async throws -> OAuthTokens {
        let endpoints = OAuthEndpoints(
            issuer: nil, authorizationEndpoint: base.appendingPathComponent("authorize"),
            tokenEndpoint: base.appendingPathComponent("token"))
        var settings = OAuthSettings(resource: try #require(URL(string: "http://127.0.0.1:1/mcp")))
        settings.clientCredentials = true
        let client = OAuthClient(logger: Logger(label: "oauth-transport-test"), timeout: timeout)
        return try await client.clientCredentials(
            endpoints: endpoints, client: OAuthClientRegistration(clientID: "c", clientSecret: secret),
            settings: settings)
    }

    @Test("a 307 from the token endpoint to another origin is not followed: the client secret goes nowhere else")
    func tokenRequestIsNotRedirected() async throws {
        try await RedirectingPeer.with { redirector, elsewhere in
            let base = try #require(URL(string: "http://127.0.0.1:\(redirector)"))
            let secret = "planted-client-secret-\(UUID().uuidString)"
            var failure: (any Error)?
            do {
                let tokens = try await Self.clientCredentials(at: base, secret: secret)
                Issue.record("the redirect was followed: got \(tokens.accessToken.prefix(6))…")
            } catch {
                failure = error
            }
            #expect(failure != nil)
            #expect(!(String(describing: failure).contains(secret)))
            let seen = try RedirectingPeer.seen(elsewhere: elsewhere)
            #expect(seen.posts == 0, "\(seen.requests)")
        }
    }

    @Test("a refused connection is 'cannot connect' at once, not a timeout after the connection was retried")
    func refusedConnectionIsReportedAsSuch() async throws {
        let port = try RawHTTP.freePort()
        let base = try #require(URL(string: "http://127.0.0.1:\(port)"))
        do {
            // A client that retried the refused connection would still be retrying when this deadline passes, and
            // would say "timed out".
            _ = try await Self.clientCredentials(at: base, secret: "s", timeout: .seconds(20))
            Issue.record("a token from a closed port")
        } catch {
            guard case .temporarilyUnavailable(let message)? = error as? OAuthError else {
                Issue.record("not temporarily unavailable: \(error)")
                return
            }
            #expect(message.contains("cannot connect"), "\(message)")
        }
    }
}
