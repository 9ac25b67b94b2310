import Foundation
import HiveKeepOAuth
import Testing

@Suite struct OAuthTypesTests {
    @Test func tokensRoundTripThroughJSONWithTheirExpiry() throws {
        let expiry = Date(timeIntervalSince1970: 1_900_000_000)
        let tokens = OAuthTokens(accessToken: "a", refreshToken: "r", expiresAt: expiry, scope: "mcp")
        let decoded = try JSONDecoder().decode(OAuthTokens.self, from: JSONEncoder().encode(tokens))
        #expect(decoded == tokens)
        #expect(OAuthSettings(resource: URL(string: "https://example.com/mcp")!).usePKCE)
    }
}
