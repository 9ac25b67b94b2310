import HiveKeepOAuth
import Testing

@Suite struct PKCETests {
    @Test func theS256ChallengeIsBase64URLOfTheVerifiersSHA256() throws {
        // Computed independently: printf %s VERIFIER | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d =
        let challenge = try PKCE.challenge(for: "dBjftJeZ4CVP-mJ92IrRZxkIMlM2hY7JLVDXKrjBLgE")
        #expect(challenge == "z_VAL_tJJlic20ntXAwgut2vt8O4uK5-iajYndi1cpo")
    }

    @Test func verifiersAndStatesAreFreshUnreservedStringsOfAllowedLength() throws {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        var seen = Set<String>()
        for _ in 0..<50 {
            let verifier = try PKCE.makeVerifier()
            #expect((43...128).contains(verifier.count))
            #expect(verifier.allSatisfy { allowed.contains($0) })
            let state = try PKCE.makeState()
            #expect(state.count >= 32)
            #expect(seen.insert(verifier).inserted && seen.insert(state).inserted)
        }
    }
}
