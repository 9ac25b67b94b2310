import Foundation
import JWTKit

/// A JSON value of a token's payload: the claims are kept as parsed JSON so that any claim (the roles claim is
/// configurable) can be read after the signature is verified.
enum JWTClaimValue: Sendable, Hashable, Decodable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JWTClaimValue])
    case object([String: JWTClaimValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JWTClaimValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JWTClaimValue].self))
        }
    }

    /// The value as a list of strings: a string is a list of one; an array must hold only strings.
    var strings: [String]? {
        switch self {
        case .string(let value): [value]
        case .array(let values):
            values.allSatisfy { if case .string = $0 { true } else { false } }
                ? values.compactMap { if case .string(let value) = $0 { value } else { nil } } : nil
        default: nil
        }
    }
}

/// The payload of a token: every claim, checked by ``JWTClaimChecker`` once jwt-kit has verified the signature.
struct JWTClaims: JWTPayload {
    let values: [String: JWTClaimValue]

    init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: JWTClaimValue].self)
    }

    func encode(to encoder: any Encoder) throws {
        throw JWTError.generic(identifier: "JWTClaims", reason: "verification only")
    }

    /// Claim checks need the settings and a clock; ``JWTClaimChecker`` does them after the signature is verified.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    subscript(name: String) -> JWTClaimValue? { values[name] }

    /// The value at a claim name, or (when no claim has that exact name) at a dotted path such as
    /// `realm_access.roles`.
    func value(at path: String) -> JWTClaimValue? {
        if let exact = values[path] { return exact }
        let components = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard components.count > 1 else { return nil }
        var current = JWTClaimValue.object(values)
        for component in components {
            guard case .object(let members) = current, let next = members[component] else { return nil }
            current = next
        }
        return current
    }
}
