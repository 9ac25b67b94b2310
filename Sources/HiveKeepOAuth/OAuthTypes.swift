import Foundation

/// Where an authorization server takes requests (RFC 8414 metadata, OpenID discovery, or given by the user).
public struct OAuthEndpoints: Sendable, Hashable, Codable {
    public var issuer: String?
    public var authorizationEndpoint: URL
    public var tokenEndpoint: URL
    /// RFC 7591 dynamic client registration, when the server offers it.
    public var registrationEndpoint: URL?
    /// The `scopes_supported` of the resource's metadata, used when the workload names none.
    public var scopesSupported: [String]?

    public init(
        issuer: String?, authorizationEndpoint: URL, tokenEndpoint: URL, registrationEndpoint: URL? = nil,
        scopesSupported: [String]? = nil
    ) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.registrationEndpoint = registrationEndpoint
        self.scopesSupported = scopesSupported
    }
}

/// The client HiveKeep is at the authorization server: given by the user or registered dynamically. Kept in the
/// secrets store (it may hold a secret), never in a run configuration.
public struct OAuthClientRegistration: Sendable, Hashable, Codable {
    public var clientID: String
    public var clientSecret: String?
    /// The redirect URI the registration was made for (DCR), when any.
    public var redirectURI: String?
    /// How the client authenticates at the token endpoint: `none` (a public client: `client_id` in the body),
    /// `client_secret_basic` or `client_secret_post`, as the registration answer said. nil: HTTP Basic when there
    /// is a secret, else none. (Added with the OAuth client: some servers hand out a secret they then refuse.)
    public var tokenEndpointAuthMethod: String?

    public init(
        clientID: String, clientSecret: String? = nil, redirectURI: String? = nil,
        tokenEndpointAuthMethod: String? = nil
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.tokenEndpointAuthMethod = tokenEndpointAuthMethod
    }
}

/// Tokens from the token endpoint; kept only in the secrets store.
public struct OAuthTokens: Sendable, Hashable, Codable {
    public var accessToken: String
    public var refreshToken: String?
    /// When the access token expires (from `expires_in`), nil when the server did not say.
    public var expiresAt: Date?
    public var tokenType: String
    public var scope: String?

    public init(
        accessToken: String, refreshToken: String? = nil, expiresAt: Date? = nil, tokenType: String = "Bearer",
        scope: String? = nil
    ) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.tokenType = tokenType
        self.scope = scope
    }
}

/// What the workload's `oauth_config` asks for, secrets already resolved from the secrets store.
public struct OAuthSettings: Sendable {
    /// The remote MCP server (the protected resource).
    public var resource: URL
    /// The `resource` indicator to send (RFC 8707); defaults to the server's canonical URL.
    public var resourceIndicator: String?
    public var issuer: URL?
    public var authorizeURL: URL?
    public var tokenURL: URL?
    public var clientID: String?
    public var clientSecret: String?
    public var scopes: [String]
    public var usePKCE: Bool
    public var callbackPort: Int?
    public var extraParameters: [String: String]
    /// Client credentials grant (no user), for headless servers.
    public var clientCredentials: Bool

    public init(resource: URL) {
        self.resource = resource
        self.resourceIndicator = nil
        self.issuer = nil
        self.authorizeURL = nil
        self.tokenURL = nil
        self.clientID = nil
        self.clientSecret = nil
        self.scopes = []
        self.usePKCE = true
        self.callbackPort = nil
        self.extraParameters = [:]
        self.clientCredentials = false
    }
}

/// A started authorization-code flow: the URL a person opens, and what the callback is checked against.
public struct AuthorizationRequest: Sendable, Hashable, Codable {
    /// The authorization URL (with PKCE S256 challenge, state, resource, scopes and extra parameters).
    public var url: URL
    public var state: String
    public var codeVerifier: String
    public var redirectURI: String

    public init(url: URL, state: String, codeVerifier: String, redirectURI: String) {
        self.url = url
        self.state = state
        self.codeVerifier = codeVerifier
        self.redirectURI = redirectURI
    }
}

/// Why a token request failed, sorted by what to do next.
public enum OAuthError: Error, Sendable, Equatable {
    /// `invalid_grant` (or a revoked/expired refresh token): the user must sign in again.
    case signInRequired(String)
    /// A 5xx, a timeout or a network error: retry with backoff, the tokens may still be good.
    case temporarilyUnavailable(String)
    /// The callback's state did not match, or it carried an `error`.
    case callbackRejected(String)
    /// Discovery found no usable metadata.
    case discoveryFailed(String)
    /// Anything else the server refused (its `error` and `error_description`, never a token).
    case refused(String)
}
