import HTTPTypes
import HiveKeepAuth
import Hummingbird
import NIOCore

/// Who may use a workload proxy: the holder of its own token, a bearer of a JWT from the workload's OIDC issuer, or,
/// when the workload explicitly opts out on loopback, anyone.
///
/// Every route but `GET /health` and the protected resource metadata needs `Authorization: Bearer TOKEN`; a
/// request without a valid one gets `401` before any body is read, any session is created or anything is
/// forwarded. The token is compared in constant time; a JWT is checked by the same ``TokenVerifier`` as the API's.
/// A role is not needed on a proxy: any token the issuer signed for the audience is enough.
public struct ProxyAuthentication: Sendable {
    /// A workload's OIDC issuer and the verifier of its tokens.
    public struct OIDC: Sendable {
        /// The issuer named in the protected resource metadata (`authorization_servers`).
        public var issuer: String
        /// Verifies the JWTs (signature, issuer, audience, lifetime).
        public var verifier: any TokenVerifier

        public init(issuer: String, verifier: any TokenVerifier) {
            self.issuer = issuer
            self.verifier = verifier
        }
    }

    let token: ProxyTokenSource?
    let oidc: OIDC?

    /// Requires the proxy token from `token` (and also accepts the JWTs `oidc` verifies, when given).
    public static func required(token: ProxyTokenSource, oidc: OIDC? = nil) -> ProxyAuthentication {
        ProxyAuthentication(token: token, oidc: oidc)
    }

    /// No authentication: the workload's explicit opt-out (loopback only).
    public static let disabled = ProxyAuthentication(token: nil, oidc: nil)

    /// Whether every request is let through.
    public var isDisabled: Bool { token == nil }

    /// The path of the protected resource metadata document (RFC 9728).
    static let metadataPath = "/.well-known/oauth-protected-resource"

    /// Whether `path` is served without a credential.
    static func isOpen(_ path: String) -> Bool {
        path == "/health" || path == metadataPath || path.hasPrefix(metadataPath + "/")
    }

    /// Whether the `Authorization` header value carries the proxy token: the synchronous check of the fast path
    /// (anything else, a JWT included, goes the slow way through ``refusal(for:configuration:)``).
    func acceptsProxyToken(_ header: String?) -> Bool {
        guard let token else { return true }
        guard let header else { return false }
        let bytes = header.utf8
        guard bytes.count > 7, bytes.prefix(7).elementsEqual("bearer ".utf8, by: { $0 | 0x20 == $1 }) else {
            return false
        }
        return token.matches(bytes.dropFirst(7).drop(while: { $0 == 0x20 }))
    }

    /// Why the `Authorization` header value is refused, or nil when it is accepted.
    func failure(for header: String?) async -> AuthFailure? {
        if acceptsProxyToken(header) { return nil }
        let candidate: String
        switch BearerHeader.token(from: header) {
        case .failure(let failure): return failure
        case .success(let token): candidate = token
        }
        guard let oidc else { return .invalid }
        switch await oidc.verifier.verify(candidate) {
        case .success: return nil
        case .failure(let failure): return failure
        }
    }

    /// The `401` for `request`, or nil when it may proceed (an open path, or a valid credential).
    func refusal(for request: Request, configuration: MCPProxyConfiguration) async -> Response? {
        guard !isDisabled, !Self.isOpen(request.uri.path) else { return nil }
        guard let failure = await failure(for: request.headers[.authorization]) else { return nil }
        configuration.metrics?.recordUnauthenticated()
        var challenge = "Bearer"
        var parameters: [String] = []
        if oidc != nil {
            parameters.append("resource_metadata=\"\(Self.origin(of: request, configuration) + Self.metadataPath)\"")
        }
        if let error = failure.bearerError { parameters.append("error=\"\(error)\"") }
        if !parameters.isEmpty { challenge += " " + parameters.joined(separator: ", ") }
        return Response(
            status: .unauthorized,
            headers: [.contentType: "text/plain; charset=utf-8", .wwwAuthenticate: challenge],
            body: .init(byteBuffer: ByteBuffer(string: "\(failure) credential\n")))
    }

    /// The protected resource metadata document when `request` asks for it: 404 when the proxy has no issuer (there
    /// is nowhere to sign in), nil for any other path.
    func metadata(for request: Request, configuration: MCPProxyConfiguration) -> Response? {
        let path = request.uri.path
        guard path == Self.metadataPath || path.hasPrefix(Self.metadataPath + "/") else { return nil }
        guard request.method == .get, let oidc else { return HTTPReplies.plain("not found", status: .notFound) }
        let resource = Self.origin(of: request, configuration) + "/mcp"
        let body =
            Array("{\"resource\":".utf8) + JSONBytes.literal(resource) + Array(",\"authorization_servers\":[".utf8)
            + JSONBytes.literal(oidc.issuer) + Array("],\"bearer_methods_supported\":[\"header\"]}".utf8)
        return HTTPReplies.json(body)
    }

    /// `http://HOST:PORT` as the client reached the proxy (its `Host` was already checked to be loopback; a `Host`
    /// without a port gets the configured one).
    static func origin(of request: Request, _ configuration: MCPProxyConfiguration) -> String {
        if let authority = request.head.authority, RequestGuard.isLoopback(authority: authority) {
            let hasPort = authority.split(separator: "]").last?.contains(":") ?? false
            return "http://" + authority + (hasPort || configuration.port == 0 ? "" : ":\(configuration.port)")
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "http://\(host):\(configuration.port)"
    }
}
