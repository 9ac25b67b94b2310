import Foundation

extension OAuthClient {
    /// Sorts a failed answer: 5xx (and 429) → temporarily unavailable; `invalid_grant` → sign in again; any other
    /// error → refused with the server's `error` and `error_description`.
    static func sortError(status: UInt, object: [String: Any]?, what: String) -> OAuthError {
        if status >= 500 || status == 429 {
            return .temporarilyUnavailable("\(what): the authorization server answered \(status)")
        }
        guard let error = object?["error"] as? String else {
            return .refused("\(what): the authorization server answered \(status)")
        }
        let description = (object?["error_description"] as? String).map { ": \($0)" } ?? ""
        if error == "invalid_grant" {
            return .signInRequired("\(what): \(error)\(description); sign in again")
        }
        return .refused("\(what): \(error)\(description)")
    }

    /// `error` with every value of `secrets` in its text replaced by `<redacted>`.
    static func redact(_ error: OAuthError, _ secrets: [String]) -> OAuthError {
        func clean(_ text: String) -> String {
            secrets.filter { $0.count >= 4 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
        }
        switch error {
        case .signInRequired(let text): return .signInRequired(clean(text))
        case .temporarilyUnavailable(let text): return .temporarilyUnavailable(clean(text))
        case .callbackRejected(let text): return .callbackRejected(clean(text))
        case .discoveryFailed(let text): return .discoveryFailed(clean(text))
        case .refused(let text): return .refused(clean(text))
        }
    }
}

extension OAuthError: CustomStringConvertible {
    /// The message, prefixed by what it means for the user.
    public var description: String {
        switch self {
        case .signInRequired(let text): "sign-in required: \(text)"
        case .temporarilyUnavailable(let text): "authorization server temporarily unavailable: \(text)"
        case .callbackRejected(let text): "sign-in callback rejected: \(text)"
        case .discoveryFailed(let text): "OAuth discovery failed: \(text)"
        case .refused(let text): "OAuth request refused: \(text)"
        }
    }
}
