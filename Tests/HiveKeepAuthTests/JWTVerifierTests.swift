import Foundation
import HiveKeepAuth
import Testing

/// `JWTVerifier` against an independent issuer: keys and tokens made by `cryptography` and PyJWT in
/// `Fixtures/issuer.py`, the key set served over HTTP from a loopback port.
@Suite struct JWTVerifierTests {
    @Test(arguments: ["rsa-1", "ec-1", "ed-1"])
    func aValidTokenGivesItsSubjectAndHighestRole(kid: String) async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let verifier = issuer.verifier()
        let token = try await issuer.mint(kid: kid)
        let verified = try await verifier.verify(token).get()
        #expect(verified.subject == "alice")
        #expect(verified.roleClaimValues == ["ops", "readers"])
        #expect(verified.role == .operator)
        // Once the keys are cached, verifying does no I/O: one discovery, one key-set fetch for many tokens.
        for _ in 0..<3 { #expect(try await verifier.verify(token).get() == verified) }
        let counts = try await issuer.requestCounts()
        #expect(counts.discovery == 1 && counts.jwks == 1)
    }

    @Test func anExpiredTokenIsExpiredAndOneWithinTheLeewayIsAccepted() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let verifier = issuer.verifier()
        let now = Int(Date().timeIntervalSince1970)
        let expired = try await issuer.mint(kid: "rsa-1", claims: issuer.claims(["exp": now - 120]))
        #expect(await verifier.verify(expired) == .failure(.expired))
        let withinLeeway = try await issuer.mint(kid: "ec-1", claims: issuer.claims(["exp": now - 5]))
        #expect(try await verifier.verify(withinLeeway).get().subject == "alice")
        // Expired and otherwise wrong is invalid, not expired: `.expired` is only said of an otherwise good token.
        let expiredElsewhere = try await issuer.mint(
            kid: "rsa-1", claims: issuer.claims(["exp": now - 120, "aud": "someone-else"]))
        #expect(await verifier.verify(expiredElsewhere) == .failure(.invalid))
    }

    @Test func aTokenVerifiedBeforeIsCheckedForItsLifetimeAgainOnEveryUse() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        var settings = issuer.settings()
        settings.leeway = 0
        let verifier = issuer.verifier(settings)
        // The key set is fetched first (with a long-lived token), so the short-lived one is checked without I/O;
        // fifteen seconds of life leave a busy machine room to check it once; then wait until it is past.
        _ = try await verifier.verify(try await issuer.mint(kid: "rsa-1")).get()
        let expiry = Int(Date().timeIntervalSince1970) + 15
        let shortLived = try await issuer.mint(kid: "rsa-1", claims: issuer.claims(["exp": expiry]))
        #expect(try await verifier.verify(shortLived).get().subject == "alice")
        while Date().timeIntervalSince1970 <= Double(expiry) + 1 { try await Task.sleep(for: .milliseconds(250)) }
        // The signature is not verified again, but the expiry is: the remembered token is now expired.
        #expect(await verifier.verify(shortLived) == .failure(.expired))
        // A tampered copy of a remembered token is not the remembered token.
        let tampered = try await issuer.mint(
            kid: "rsa-1", claims: issuer.claims(["exp": expiry + 600]), attack: "tamper")
        #expect(await verifier.verify(tampered) == .failure(.invalid))
    }

    @Test func claimsThatDoNotFitAreInvalid() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let verifier = issuer.verifier(issuer.settings(clientID: "hivekeep-cli"))
        let now = Int(Date().timeIntervalSince1970)
        let cases: [(String, [String: (any Sendable)?])] = [
            ("not yet valid", ["nbf": now + 300]),
            ("wrong audience", ["aud": ["someone-else"]]),
            ("audience of another type", ["aud": 7]),
            ("wrong issuer", ["iss": "http://127.0.0.1:1"]),
            ("issuer with a trailing slash", ["iss": issuer.issuer + "/"]),
            ("no subject", ["sub": nil]),
            ("empty subject", ["sub": ""]),
            ("no expiry", ["exp": nil]),
            ("expiry as a string", ["exp": "\(now + 600)"]),
            ("another client", ["azp": "someone-else"]),
        ]
        for (name, changes) in cases {
            let token = try await issuer.mint(kid: "ed-1", claims: issuer.claims(changes))
            #expect(await verifier.verify(token) == .failure(.invalid), "\(name)")
        }
        let good = try await issuer.mint(kid: "ed-1", claims: issuer.claims(["azp": "hivekeep-cli", "nbf": now]))
        #expect(try await verifier.verify(good).get().subject == "alice")
    }

    @Test(arguments: ["none", "hs256-pem", "hs256-n", "tamper"])
    func aForgedTokenIsInvalid(attack: String) async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let verifier = issuer.verifier()
        // The real token verifies, so the forgery below is refused for what it is, not for a missing key set.
        #expect(try await verifier.verify(try await issuer.mint(kid: "rsa-1")).get().subject == "alice")
        let forged = try await issuer.mint(kid: "rsa-1", attack: attack)
        #expect(await verifier.verify(forged) == .failure(.invalid))
    }

    @Test func keysOfOtherKindsInTheSetAreIgnored() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let verifier = issuer.verifier()
        // Both keys are published (an HMAC `oct` key and a P-384 key) and PyJWT signs with them correctly.
        for kid in ["hmac-1", "p384-1"] {
            let token = try await issuer.mint(kid: kid)
            #expect(await verifier.verify(token) == .failure(.invalid), "\(kid)")
        }
    }

    @Test func aTokenWithoutKeyIDIsRefusedWhenTheSetHasSeveralKeys() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let token = try await issuer.mint(kid: "rsa-1", withKid: false)
        #expect(await issuer.verifier().verify(token) == .failure(.invalid))
    }

    @Test func malformedTokensAreInvalid() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let verifier = issuer.verifier()
        for token in ["", "abc", "a.b", "a.b.c", "e30.e30.e30", "eyJhbGciOiJSUzI1NiJ9..sig"] {
            #expect(await verifier.verify(token) == .failure(.invalid), "\(token)")
        }
    }
}
