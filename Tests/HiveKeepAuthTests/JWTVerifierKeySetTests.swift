import Foundation
import HiveKeepAuth
import HiveKeepCore
import Logging
import Testing

/// How `JWTVerifier` finds, caches and refreshes the key set, counted by the independent issuer's server.
@Suite struct JWTVerifierKeySetTests {
    @Test func aRotatedKeyIsAcceptedAfterOneRefetch() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let verifier = issuer.verifier()
        #expect(try await verifier.verify(try await issuer.mint(kid: "rsa-1")).get().subject == "alice")
        try await issuer.publish(kid: "rsa-2")
        let rotated = try await issuer.mint(kid: "rsa-2")
        #expect(try await verifier.verify(rotated).get().subject == "alice")
        #expect(try await verifier.verify(rotated).get().subject == "alice")
        let counts = try await issuer.requestCounts()
        #expect(counts.discovery == 1)
        #expect(counts.jwks == 2)
    }

    @Test func unknownKeyIDsRefetchAtMostOncePerInterval() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let verifier = issuer.verifier()
        #expect(try await verifier.verify(try await issuer.mint(kid: "ec-1")).get().role == .operator)
        // rsa-2 is unknown: one refetch, still unknown. rsa-3, unknown too, within the interval: no fetch.
        #expect(await verifier.verify(try await issuer.mint(kid: "rsa-2")) == .failure(.invalid))
        #expect(try await issuer.requestCounts().jwks == 2)
        try await issuer.publish(kid: "rsa-3")
        #expect(await verifier.verify(try await issuer.mint(kid: "rsa-3")) == .failure(.invalid))
        #expect(try await issuer.requestCounts().jwks == 2)
        // The cached keys still work.
        #expect(try await verifier.verify(try await issuer.mint(kid: "ed-1")).get().subject == "alice")
        #expect(try await issuer.requestCounts().jwks == 2)
    }

    @Test func aConfiguredKeySetURLSkipsDiscovery() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let verifier = issuer.verifier(issuer.settings(jwksURL: issuer.issuer + "/jwks"))
        #expect(try await verifier.verify(try await issuer.mint(kid: "ed-1")).get().subject == "alice")
        let counts = try await issuer.requestCounts()
        #expect(counts.discovery == 0 && counts.jwks == 1)
    }

    @Test func aDiscoveryDocumentNamingAnotherIssuerIsNotTrusted() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        try await issuer.setDiscoveryIssuer("http://127.0.0.1:1")
        let logs = LogCapture()
        let verifier = issuer.verifier(logger: logs.logger)
        #expect(await verifier.verify(try await issuer.mint(kid: "rsa-1")) == .failure(.invalid))
        #expect(try await issuer.requestCounts().jwks == 0)
        #expect(logs.warnings.contains { $0.contains("another issuer") })
    }

    @Test func aFailedFetchIsLoggedWithItsURLAndStatusButNeverTheToken() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let logs = LogCapture()
        let missing = issuer.issuer + "/no-such-jwks"
        let verifier = issuer.verifier(issuer.settings(jwksURL: missing), logger: logs.logger)
        let token = try await issuer.mint(kid: "rsa-1")
        #expect(await verifier.verify(token) == .failure(.invalid))
        #expect(logs.warnings.contains { $0.contains(missing) && $0.contains("http.status=404") })
        let signature = String(token.split(separator: ".").last ?? "")
        #expect(!logs.all.contains { $0.contains(signature) || $0.contains(token) })
    }

    @Test func validateRefusesPlainHTTPExceptToLoopback() throws {
        for issuer in [
            "http://127.0.0.1:9400", "http://localhost:8080/realms/x", "http://[::1]:80", "https://id.example",
        ] {
            try JWTVerifier.validate(OIDCSettings(issuer: issuer))
        }
        for issuer in [
            "http://id.example", "http://10.0.0.1", "http://128.0.0.1", "ftp://id.example", "id.example", "",
        ] {
            #expect(throws: HiveKeepError.self, "\(issuer)") { try JWTVerifier.validate(OIDCSettings(issuer: issuer)) }
        }
        let jwksOverHTTP = OIDCSettings(issuer: "https://id.example", jwksURL: "http://id.example/jwks")
        #expect(throws: HiveKeepError.self) { try JWTVerifier.validate(jwksOverHTTP) }
        #expect(throws: HiveKeepError.self) { try JWTVerifier.validate(OIDCSettings(issuer: "https://a", leeway: -1)) }
        #expect(throws: HiveKeepError.self) {
            try JWTVerifier.validate(OIDCSettings(issuer: "https://a", audience: ""))
        }
    }
}
