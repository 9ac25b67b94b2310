import HTTPTypes
import Hummingbird

/// DNS-rebinding and cross-origin protection: a present `Origin` must be loopback or configured (else 403), and the
/// `Host` must name a loopback address (else 403).
struct RequestGuard: Sendable {
    let allowedOrigins: Set<String>

    init(allowedOrigins: [String]) {
        self.allowedOrigins = Set(allowedOrigins.map { $0.lowercased() })
    }

    /// A refusal, or nil when the request may proceed.
    func refusal(for request: Request) -> Response? {
        if let origin = request.headers[.origin], !isAllowed(origin: origin) {
            return HTTPReplies.failure(
                .init(httpStatus: 403, code: MCPProtocol.ErrorCode.invalidRequest, message: "origin not allowed"))
        }
        if let authority = request.head.authority, !Self.isLoopback(authority: authority) {
            return HTTPReplies.failure(
                .init(httpStatus: 403, code: MCPProtocol.ErrorCode.invalidRequest, message: "host not allowed"))
        }
        return nil
    }

    func isAllowed(origin: String) -> Bool {
        let lowered = origin.lowercased()
        if allowedOrigins.contains(lowered) { return true }
        guard lowered.hasPrefix("http://") else { return false }
        return Self.isLoopback(authority: String(lowered.dropFirst("http://".count)))
    }

    /// Whether `host[:port]` names localhost, 127.0.0.1 or [::1] (with a numeric port, if any).
    static func isLoopback(authority: String) -> Bool {
        let lowered = authority.lowercased()
        for host in ["localhost", "127.0.0.1", "[::1]"] where lowered.hasPrefix(host) {
            let rest = lowered.dropFirst(host.count)
            if rest.isEmpty { return true }
            if rest.first == ":", rest.count > 1, rest.dropFirst().allSatisfy(\.isNumber) { return true }
        }
        return false
    }

    /// Whether a bind address is loopback.
    static func isLoopback(host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) || host.hasPrefix("127.")
    }
}
