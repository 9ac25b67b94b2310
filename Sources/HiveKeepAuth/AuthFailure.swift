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
///
/// Works on the UTF-8 bytes: a JWT is about a kilobyte, and character-level string operations on it would cost more
/// than the rest of the request.
public enum BearerHeader {
    public static func token(from value: String?) -> Result<String, AuthFailure> {
        guard let value, !value.isEmpty else { return .failure(.missing) }
        let bytes = Array(value.utf8)
        let scheme = Array("bearer".utf8)
        guard bytes.count > scheme.count, bytes[scheme.count] == 0x20,
            zip(bytes.prefix(scheme.count), scheme).allSatisfy({ $0 | 0x20 == $1 })
        else { return .failure(.invalid) }
        var start = scheme.count
        while start < bytes.count, bytes[start] == 0x20 { start += 1 }
        var end = bytes.count
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        let token = bytes[start..<end]
        guard !token.isEmpty, token.count <= 16384, token.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(.invalid)
        }
        return .success(String(decoding: token, as: UTF8.self))
    }
}
