import Foundation
import HTTPTypes
import HiveKeepCore
import Hummingbird

/// Protects the API against DNS rebinding and cross-site requests from browsers.
///
/// Over TCP, the `Host` header must name a loopback host or the configured host (a rebinding page's requests carry
/// the attacker's name), and an `Origin`, when a browser sends one, must be the server's own origin or one allowed
/// with `--allowed-origin`. Requests on the Unix socket cannot come from a browser; only their Origin is checked.
struct OriginPolicy: Sendable {
    let listen: ServerConfiguration.Listen
    let allowedOrigins: Set<String>

    init(configuration: ServerConfiguration) {
        self.listen = configuration.listen
        var origins = Set(configuration.allowedOrigins.compactMap(Self.normalize))
        if case .tcp(let host, let port) = configuration.listen {
            for name in [host, "localhost", "127.0.0.1", "[::1]"] {
                let bracketed = name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name
                origins.insert("http://\(bracketed.lowercased()):\(port)")
            }
        }
        self.allowedOrigins = origins
    }

    /// Throws a 403 when the request's Host or Origin is not acceptable.
    func check(authority: String?, origin: String?, isUnixSocket: Bool) throws {
        if !isUnixSocket, let authority, !isAcceptableHost(authority) {
            throw HiveKeepError(.forbidden, "host '\(authority)' is not allowed: HiveKeep answers loopback names only")
        }
        if let origin {
            guard let normalized = Self.normalize(origin), allowedOrigins.contains(normalized) else {
                throw HiveKeepError(
                    .forbidden,
                    "origin '\(origin)' is not allowed; start the server with --allowed-origin to permit it"
                )
            }
        }
    }

    private func isAcceptableHost(_ authority: String) -> Bool {
        let host = Self.hostPart(of: authority)
        if LoopbackHost.isLoopback(host) { return true }
        if case .tcp(let configured, _) = listen, host.caseInsensitiveCompare(configured) == .orderedSame {
            return true
        }
        return false
    }

    /// The host of an authority (`name:port`, `[v6]:port`, `name`).
    static func hostPart(of authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[...close])
        }
        if let colon = authority.lastIndex(of: ":"), authority.firstIndex(of: ":") == colon {
            return String(authority[..<colon])
        }
        return authority
    }

    /// `scheme://host[:port]` lower-cased with default ports removed, or nil when malformed.
    static func normalize(_ origin: String) -> String? {
        var value = origin.lowercased()
        if value.hasSuffix("/") { value.removeLast() }
        guard let range = value.range(of: "://") else { return nil }
        let scheme = value[..<range.lowerBound]
        var authority = String(value[range.upperBound...])
        guard ["http", "https"].contains(scheme), !authority.isEmpty, !authority.contains("/") else { return nil }
        if scheme == "http", authority.hasSuffix(":80") { authority.removeLast(3) }
        if scheme == "https", authority.hasSuffix(":443") { authority.removeLast(4) }
        return "\(scheme)://\(authority)"
    }
}

/// Applies `OriginPolicy` before any handler runs.
struct OriginMiddleware: RouterMiddleware {
    typealias Context = HiveKeepRequestContext
    let policy: OriginPolicy

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try policy.check(
            authority: request.head.authority,
            origin: request.headers[.origin],
            isUnixSocket: context.isUnixSocket
        )
        return try await next(request, context)
    }
}
