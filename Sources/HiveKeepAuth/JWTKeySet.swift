import Foundation
import JWTKit

/// The signature keys of one fetched key set, as a jwt-kit key collection holding only the keys HiveKeep accepts:
/// RSA keys for RS256, EC P-256 keys for ES256 and Ed25519 keys for EdDSA, each with a `kid`. Any other key (an
/// HMAC `oct` key, another curve or algorithm, an encryption key) is left out, so no token can be verified with it.
struct JWTKeySet: Sendable {
    /// The algorithms a token may name in its header.
    static let acceptedAlgorithms: Set<String> = ["RS256", "ES256", "EdDSA"]

    let collection: JWTKeyCollection
    /// The algorithm each accepted key is for, by `kid`.
    let algorithms: [String: String]

    /// The `kid` a token without one is verified with: the only key, when the set has exactly one.
    var soleKeyID: String? { algorithms.count == 1 ? algorithms.keys.first : nil }

    /// Parses a JWKS document; keys of other kinds are skipped, a document that is not a key set throws.
    init(jwks data: [UInt8]) async throws {
        let document = try JSONDecoder().decode(Document.self, from: Data(data))
        let collection = JWTKeyCollection()
        var algorithms: [String: String] = [:]
        for key in document.keys {
            guard let (kid, jwk) = Self.accepted(key), algorithms[kid] == nil else { continue }
            do {
                try await collection.add(jwk: jwk)
                algorithms[kid] = jwk.algorithm?.rawValue
            } catch {
                continue  // Malformed key material: the key is unusable, the others still count.
            }
        }
        self.collection = collection
        self.algorithms = algorithms
    }

    /// The jwt-kit key for one JWK of an accepted kind, with its algorithm fixed; nil for any other.
    private static func accepted(_ key: Document.Key) -> (String, JWK)? {
        guard let kid = key.kid, !kid.isEmpty, key.use == nil || key.use == "sig" else { return nil }
        let identifier = JWKIdentifier(string: kid)
        switch (key.kty, key.crv) {
        case ("RSA", _) where key.alg == nil || key.alg == "RS256":
            guard let modulus = key.n, let exponent = key.e else { return nil }
            return (kid, .rsa(.rs256, identifier: identifier, modulus: modulus, exponent: exponent))
        case ("EC", "P-256") where key.alg == nil || key.alg == "ES256":
            guard let x = key.x, let y = key.y else { return nil }
            return (kid, .ecdsa(.es256, identifier: identifier, x: x, y: y, curve: .p256))
        case ("OKP", "Ed25519") where key.alg == nil || key.alg == "EdDSA":
            guard let x = key.x else { return nil }
            return (kid, .octetKeyPair(.eddsa, identifier: identifier, x: x, y: nil, curve: .ed25519))
        default:
            return nil
        }
    }

    /// The members of a JWK that decide whether it is used, read leniently: a member of an unexpected type makes
    /// only that key unusable. The key material itself is checked by jwt-kit.
    private struct Document: Decodable {
        struct Key: Decodable {
            let members: [String: JWTClaimValue]

            init(from decoder: any Decoder) throws {
                let value = try decoder.singleValueContainer().decode(JWTClaimValue.self)
                if case .object(let members) = value { self.members = members } else { self.members = [:] }
            }

            private func string(_ name: String) -> String? {
                if case .string(let value) = members[name] { value } else { nil }
            }

            var kty: String? { string("kty") }
            var kid: String? { string("kid") }
            var alg: String? { string("alg") }
            var use: String? { string("use") }
            var crv: String? { string("crv") }
            var n: String? { string("n") }
            var e: String? { string("e") }
            var x: String? { string("x") }
            var y: String? { string("y") }
        }
        var keys: [Key]
    }
}
