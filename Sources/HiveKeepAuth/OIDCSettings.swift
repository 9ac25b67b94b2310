/// How OIDC access tokens (JWTs) are verified: for the API (`hivekeep serve --auth oidc`) and for a workload proxy
/// whose run configuration has `oidc` settings. One verifier serves both.
public struct OIDCSettings: Sendable, Hashable {
    /// The expected `iss`. An `http` issuer is accepted only when it is a loopback address.
    public var issuer: String
    /// The expected `aud` (one of the token's audiences); nil accepts any audience (not recommended).
    public var audience: String?
    /// Where the key set is; nil means `jwks_uri` from `<issuer>/.well-known/openid-configuration`.
    public var jwksURL: String?
    /// The client id, checked against `azp` when the token has one.
    public var clientID: String?
    /// The claim that carries the principal's groups or roles (a string or an array of strings).
    public var rolesClaim: String
    /// Which claim values grant which role: a token gets the highest role one of its values maps to.
    public var roleValues: [Role: [String]]
    /// Allowed clock difference for `exp` and `nbf`, in seconds.
    public var leeway: Int

    public init(
        issuer: String,
        audience: String? = nil,
        jwksURL: String? = nil,
        clientID: String? = nil,
        rolesClaim: String = "groups",
        roleValues: [Role: [String]] = [:],
        leeway: Int = 60
    ) {
        self.issuer = issuer
        self.audience = audience
        self.jwksURL = jwksURL
        self.clientID = clientID
        self.rolesClaim = rolesClaim
        self.roleValues = roleValues
        self.leeway = leeway
    }
}

/// What a verified token says about its bearer.
public struct VerifiedToken: Sendable, Hashable {
    /// The `sub` claim.
    public var subject: String
    /// The values of the roles claim (empty when the token has none).
    public var roleClaimValues: [String]
    /// The highest role the values map to, nil when none does.
    public var role: Role?

    public init(subject: String, roleClaimValues: [String], role: Role?) {
        self.subject = subject
        self.roleClaimValues = roleClaimValues
        self.role = role
    }
}

/// Verifies bearer JWTs. The concrete type is `JWTVerifier` (jwt-kit); tests of a seam may use another.
public protocol TokenVerifier: Sendable {
    /// The verified token, or the reason it is refused.
    func verify(_ token: String) async -> Result<VerifiedToken, AuthFailure>
}
