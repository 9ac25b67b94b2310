#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decides who is calling the API, from the connection and the `Authorization` header; nothing else of the request
/// is looked at.
///
/// - A Unix-socket peer whose user id (reported by the kernel) is the server's own, or root, is the local admin.
/// - `token` mode: the API token (constant-time compare, the file re-read on every check so a rotation applies at
///   once) is `admin`.
/// - `oidc` mode: the API token as above, or a JWT the verifier accepts; its role comes from its claims.
/// - `none` mode: every caller is an anonymous admin (the server allows the mode only on loopback or a socket).
public struct APIAuthenticator: Sendable {
    public let mode: AuthMode
    public let apiToken: TokenFile
    /// The API token's file, checked without reading it on every request.
    let cachedToken: CachedTokenFile
    public let verifier: (any TokenVerifier)?
    public let serverUserID: UInt32

    public init(
        mode: AuthMode, apiToken: TokenFile, verifier: (any TokenVerifier)? = nil, serverUserID: UInt32 = getuid()
    ) {
        self.mode = mode
        self.apiToken = apiToken
        self.cachedToken = CachedTokenFile(apiToken)
        self.verifier = verifier
        self.serverUserID = serverUserID
    }

    /// The principal behind a request. `socketPeerUserID` is the kernel's answer for a Unix-socket connection
    /// (nil over TCP, or when the kernel did not say).
    public func authenticate(authorization: String?, socketPeerUserID: UInt32?) async -> Result<Principal, AuthFailure>
    {
        if let uid = socketPeerUserID, uid == serverUserID || uid == 0 {
            return .success(Principal(kind: .socketPeer(uid: uid), role: .admin))
        }
        if mode == .none {
            return .success(Principal(kind: .anonymous, role: .admin))
        }
        let token: String
        switch BearerHeader.token(from: authorization) {
        case .success(let value): token = value
        case .failure(let failure): return .failure(failure)
        }
        // An API token is 64 hex digits; a JWT has dots. Each is compared only with its own kind.
        let dots = token.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: ".") ? 1 : 0) }
        let isJWT = dots > 0
        if !isJWT, cachedToken.matches(token) {
            return .success(Principal(kind: .apiToken, role: .admin))
        }
        guard mode == .oidc, let verifier, dots == 2 else {
            return .failure(.invalid)
        }
        switch await verifier.verify(token) {
        case .success(let verified):
            return .success(Principal(kind: .oidc(subject: verified.subject), role: verified.role))
        case .failure(let failure):
            return .failure(failure)
        }
    }
}
