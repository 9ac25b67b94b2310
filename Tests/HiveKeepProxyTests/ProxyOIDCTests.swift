import Foundation
import HiveKeepAuth
import HiveKeepProxy
import HiveKeepTestSupport
import NIOHTTP1
import Testing

/// A verifier for the seam only: the real one (jwt-kit) is tested with real JWTs where it lives.
struct FixedVerifier: TokenVerifier {
    func verify(_ token: String) async -> Result<VerifiedToken, AuthFailure> {
        switch token {
        case "good.jwt.token": .success(VerifiedToken(subject: "alice", roleClaimValues: [], role: nil))
        case "old.jwt.token": .failure(.expired)
        default: .failure(.invalid)
        }
    }
}

/// A proxy with an OIDC issuer: it serves RFC 9728 metadata naming the issuer, points at it from its 401s, and
/// accepts what the issuer's verifier accepts besides its own token.
@Suite("Proxy authentication with OIDC", .serialized, .timeLimit(.minutes(3)))
struct ProxyOIDCTests {
    static let issuer = "http://127.0.0.1:9/realms/test"

    @Test("protected resource metadata, resource_metadata in the 401, JWTs checked by the verifier")
    func oidcProxy() async throws {
        let oidc = ProxyAuthentication.OIDC(issuer: Self.issuer, verifier: FixedVerifier())
        let harness = try await ProxyHarness(child: try StdioChild.echoServer(), oidc: oidc)
        do {
            try await Self.checkOIDC(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    static func checkOIDC(_ harness: ProxyHarness) async throws {
        try await ProxyHarness.withHTTP(base: harness.url, token: nil) { anonymous in
            let metadataURL = "http://127.0.0.1:\(harness.port)/.well-known/oauth-protected-resource"
            for path in ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"] {
                let document = try await anonymous.send(.GET, path)
                #expect(document.status == 200)
                #expect(document.json["resource"] as? String == "http://127.0.0.1:\(harness.port)/mcp")
                #expect(document.json["authorization_servers"] as? [String] == [Self.issuer])
                #expect(document.json["bearer_methods_supported"] as? [String] == ["header"])
            }
            let missing = try await anonymous.stateless("server/discover", id: "1")
            #expect(missing.status == 401)
            #expect(missing.headers.first(name: "WWW-Authenticate") == "Bearer resource_metadata=\"\(metadataURL)\"")
            var bearer = anonymous
            bearer.token = "old.jwt.token"
            let expired = try await bearer.stateless("server/discover", id: "2")
            #expect(expired.status == 401)
            #expect(expired.body == "expired credential\n")
            #expect(
                expired.headers.first(name: "WWW-Authenticate")
                    == "Bearer resource_metadata=\"\(metadataURL)\", error=\"invalid_token\"")
            bearer.token = "forged.jwt.token"
            #expect(try await bearer.stateless("server/discover", id: "3").status == 401)
            bearer.token = "good.jwt.token"
            let session = try await bearer.initialize()
            #expect(try await bearer.sessionCall(session, id: "4", tool: "echo").status == 200)
            bearer.token = harness.token
            #expect(try await bearer.stateless("server/discover", id: "5").status == 200)
        }
    }

    @Test("without an issuer there is no metadata document (404), and the 401 names none")
    func noIssuerNoMetadata() async throws {
        try await ProxyHarness.run(child: try StdioChild.echoServer()) { _, http in
            var anonymous = http
            anonymous.token = nil
            #expect(try await anonymous.send(.GET, "/.well-known/oauth-protected-resource").status == 404)
            let reply = try await anonymous.stateless("server/discover", id: "1")
            #expect(reply.headers.first(name: "WWW-Authenticate") == "Bearer")
        }
    }
}
