import Foundation

/// Why a request was not authenticated. The message the caller sees says only which of the three it is, never more
/// (no hint whether a token was close, which key was tried, or whether the path exists).
public enum AuthFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// No credential was sent.
    case missing
    /// A credential was sent and is malformed, wrong, signed by an unknown key, or fails a claim check.
    case invalid
    /// A well-formed credential whose lifetime is over.
    case expired

    /// `missing`, `invalid` or `expired`.
    public var description: String {
        switch self {
        case .missing: "missing"
        case .invalid: "invalid"
        case .expired: "expired"
        }
    }

    /// The `error` parameter of `WWW-Authenticate: Bearer` (RFC 6750 §3.1): none when no credential was sent.
    public var bearerError: String? {
        switch self {
        case .missing: nil
        case .invalid, .expired: "invalid_token"
        }
    }
}

/// Extracts the token of an `Authorization: Bearer TOKEN` header value; nil when the header is not of that form.
public enum BearerHeader {
    public static func token(from value: String?) -> Result<String, AuthFailure> {
        guard let value, !value.isEmpty else { return .failure(.missing) }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .failure(.invalid) }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.utf8.count <= 16384, !token.contains(" ") else { return .failure(.invalid) }
        return .success(token)
    }
}
