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
    /// Host names and addresses (lower-cased, IPv6 without brackets) the `Host` header may carry besides loopback.
    let allowedHosts: Set<String>

    init(configuration: ServerConfiguration, machineAddresses: @autoclosure () -> [String] = LocalAddresses.all()) {
        self.listen = configuration.listen
        var hosts = Set(configuration.allowedHosts.map { Self.unbracketed($0.lowercased()) })
        if case .tcp(let host, _) = configuration.listen {
            let bound = Self.unbracketed(host.lowercased())
            if bound == "0.0.0.0" || bound == "::" {
                // A wildcard bind answers on every address of this machine.
                hosts.formUnion(machineAddresses().map { $0.lowercased() })
            } else {
                hosts.insert(bound)
            }
        }
        self.allowedHosts = hosts
        var origins = Set(configuration.allowedOrigins.compactMap(Self.normalize))
        if case .tcp(_, let port) = configuration.listen {
            let scheme = configuration.tls == nil ? "http" : "https"
            for name in hosts.union(["localhost", "127.0.0.1", "::1"]) {
                let bracketed = name.contains(":") ? "[\(name)]" : name
                origins.insert("\(scheme)://\(bracketed):\(port)")
            }
        }
        self.allowedOrigins = origins
    }

    static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// Throws a 403 when the request's Host or Origin is not acceptable.
    func check(authority: String?, origin: String?, isUnixSocket: Bool) throws {
        if !isUnixSocket, let authority, !isAcceptableHost(authority) {
            throw HiveKeepError(
                .forbidden, "host '\(authority)' is not allowed; start the server with --allowed-host to permit it")
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
        return allowedHosts.contains(Self.unbracketed(host.lowercased()))
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
