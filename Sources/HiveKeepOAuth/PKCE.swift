import Foundation
import Sodium

/// Proof Key for Code Exchange (RFC 7636) with the S256 method, and the other random values of a flow.
public enum PKCE {
    /// A code verifier: 64 base64url characters from 48 libsodium random bytes (RFC 7636 asks for 43-128).
    public static func makeVerifier() throws(OAuthError) -> String {
        try randomString(byteCount: 48)
    }

    /// The S256 challenge of `verifier`: base64url(SHA-256(ASCII(verifier))), no padding.
    public static func challenge(for verifier: String) throws(OAuthError) -> String {
        do {
            return base64URL(try SHA256.hash(Array(verifier.utf8)))
        } catch {
            throw .refused("cannot hash the PKCE verifier: \(error)")
        }
    }

    /// A random `state` value: 32 base64url characters from 24 libsodium random bytes.
    public static func makeState() throws(OAuthError) -> String {
        try randomString(byteCount: 24)
    }

    static func randomString(byteCount: Int) throws(OAuthError) -> String {
        do {
            return base64URL(try Random.bytes(count: byteCount))
        } catch {
            throw .refused("cannot draw random bytes: \(error)")
        }
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
