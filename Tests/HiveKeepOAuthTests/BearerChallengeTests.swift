import HiveKeepOAuth
import Testing

@Suite struct BearerChallengeTests {
    @Test func readsTheResourceMetadataScopeAndErrorOfABearerChallenge() throws {
        let header =
            #"Bearer error="invalid_token", error_description="Authentication required", "#
            + #"resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="mcp files""#
        let challenge = try #require(BearerChallenge.parse([header]))
        #expect(challenge.resourceMetadata == "https://mcp.example.com/.well-known/oauth-protected-resource/mcp")
        #expect(challenge.scope == "mcp files")
        #expect(challenge.error == "invalid_token")
        #expect(challenge.parameters["error_description"] == "Authentication required")
    }

    @Test func findsTheBearerChallengeAmongSeveralInOneHeaderAndAcrossHeaders() throws {
        let mixed = try #require(
            BearerChallenge.parse([#"Basic realm="a, b", Bearer realm="mcp", scope=read"#]))
        #expect(mixed.parameters["realm"] == "mcp")
        #expect(mixed.scope == "read")

        let token68 = try #require(BearerChallenge.parse([#"Negotiate dXNlcg==, Bearer error="insufficient_scope""#]))
        #expect(token68.error == "insufficient_scope")

        let second = try #require(BearerChallenge.parse(["Basic realm=x", #"bearer Resource_Metadata="https://r/m""#]))
        #expect(second.resourceMetadata == "https://r/m")
        #expect(BearerChallenge.parse(["Basic realm=x", "Digest realm=y, nonce=z"]) == nil)
    }

    @Test func unescapesQuotedStringsWithCommasAndQuotes() throws {
        let challenge = try #require(
            BearerChallenge.parse([#"Bearer error_description="say \"hi\", then go",scope="a b""#]))
        #expect(challenge.parameters["error_description"] == #"say "hi", then go"#)
        #expect(challenge.scope == "a b")
        let bare = try #require(BearerChallenge.parse(["Bearer"]))
        #expect(bare.parameters.isEmpty)
    }
}
