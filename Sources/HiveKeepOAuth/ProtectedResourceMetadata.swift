import Foundation

/// The parts of a protected resource's metadata (RFC 9728 §2) that the client uses.
public struct ProtectedResourceMetadata: Sendable, Hashable {
    /// The resource identifier the metadata is for.
    public var resource: String?
    /// The issuers of the authorization servers that accept requests for this resource.
    public var authorizationServers: [URL]
    public var scopesSupported: [String]?

    public init(resource: String?, authorizationServers: [URL], scopesSupported: [String]? = nil) {
        self.resource = resource
        self.authorizationServers = authorizationServers
        self.scopesSupported = scopesSupported
    }

    init(_ object: [String: Any]) {
        resource = object["resource"] as? String
        authorizationServers = (object["authorization_servers"] as? [String] ?? []).compactMap(URL.init(string:))
        scopesSupported = object["scopes_supported"] as? [String]
    }
}

extension OAuthClient {
    /// The endpoints in an authorization server's metadata, whose `issuer` must be `issuer` (RFC 8414 §3.3).
    static func endpoints(from object: [String: Any], issuer: URL) throws(OAuthError) -> OAuthEndpoints {
        guard let named = object["issuer"] as? String, WellKnown.sameIssuer(named, issuer) else {
            let named = object["issuer"] as? String ?? "none"
            throw .discoveryFailed("the metadata's issuer (\(named)) is not \(issuer.absoluteString)")
        }
        guard let authorize = (object["authorization_endpoint"] as? String).flatMap(URL.init(string:)),
            let token = (object["token_endpoint"] as? String).flatMap(URL.init(string:))
        else {
            throw .discoveryFailed("the metadata of \(named) has no authorization_endpoint or token_endpoint")
        }
        try requireSecure(authorize, what: "the authorization endpoint")
        try requireSecure(token, what: "the token endpoint")
        let registration = (object["registration_endpoint"] as? String).flatMap(URL.init(string:))
        if let registration { try requireSecure(registration, what: "the registration endpoint") }
        if let methods = object["code_challenge_methods_supported"] as? [String], !methods.contains("S256") {
            throw .discoveryFailed("the authorization server \(named) does not support PKCE with S256")
        }
        return OAuthEndpoints(
            issuer: named, authorizationEndpoint: authorize, tokenEndpoint: token, registrationEndpoint: registration,
            scopesSupported: object["scopes_supported"] as? [String])
    }
}

/// Well-known URLs (RFC 8615) built the way RFC 8414 §3.1 and RFC 9728 §3.1 say: inserted between host and path.
enum WellKnown {
    /// `scheme://host[:port]/.well-known/SUFFIX/PATH`, then (when the path is not empty) `.../.well-known/SUFFIX`.
    static func urls(for url: URL, suffix: String, openID: Bool) -> [URL] {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return [] }
        let path = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        components.query = nil
        components.fragment = nil
        var paths = ["/.well-known/\(suffix)\(path)"]
        if !path.isEmpty { paths.append("/.well-known/\(suffix)") }
        if openID, !path.isEmpty { paths = ["/.well-known/\(suffix)\(path)", "\(path)/.well-known/\(suffix)"] }
        return paths.compactMap { path in
            components.path = path
            return components.url
        }
    }

    /// RFC 8414 first, then OpenID discovery (inserted, then appended, for an issuer with a path).
    static func authorizationServerURLs(issuer: URL) -> [URL] {
        urls(for: issuer, suffix: "oauth-authorization-server", openID: false).prefix(1)
            + urls(for: issuer, suffix: "openid-configuration", openID: true)
    }

    static func sameIssuer(_ named: String, _ issuer: URL) -> Bool {
        trimmed(named) == trimmed(issuer.absoluteString)
    }

    /// Whether the metadata's `resource` names `url` or a prefix of it (a server at `/mcp` may name its origin).
    static func resource(_ named: String, covers url: URL) -> Bool {
        let named = trimmed(named)
        let target = trimmed(url.absoluteString)
        return target == named || target.hasPrefix(named + "/")
    }

    private static func trimmed(_ text: String) -> String {
        text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}
