/// How the API authenticates callers on TCP (`hivekeep serve --auth MODE`, or `auth.mode` in `config.yaml`).
public enum AuthMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// The local API token (`Authorization: Bearer`), the default.
    case token
    /// JWT access tokens from an OpenID Connect issuer; the local API token is accepted too.
    case oidc
    /// Nobody is asked: only on loopback or the Unix socket, with a warning at every start.
    case none
}
