import Foundation

/// The `alg` and `kid` of a compact JWS, read before any key is chosen. Nil for anything that is not three
/// base64url segments whose first is a JSON object with a string `alg`.
struct JWTHeaderFields: Sendable, Hashable {
    let alg: String
    let kid: String?

    init?(token: String) {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, segments.allSatisfy({ !$0.isEmpty }),
            let data = Self.base64URLDecoded(segments[0]),
            case .object(let members) = try? JSONDecoder().decode(JWTClaimValue.self, from: data),
            case .string(let alg) = members["alg"]
        else { return nil }
        self.alg = alg
        switch members["kid"] {
        case .none: self.kid = nil
        case .string(let kid): self.kid = kid
        default: return nil
        }
    }

    /// Decodes unpadded base64url (RFC 7515 §2).
    static func base64URLDecoded(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
