/// Who is calling: an authenticated caller of the API or of a workload proxy.
public struct Principal: Sendable, Hashable, CustomStringConvertible {
    /// How the caller proved who it is.
    public enum Kind: Sendable, Hashable {
        /// The local API token (`Authorization: Bearer`, compared in constant time).
        case apiToken
        /// A peer of the Unix socket whose user id the kernel reported.
        case socketPeer(uid: UInt32)
        /// A verified OIDC access token; `subject` is its `sub` claim.
        case oidc(subject: String)
        /// A workload proxy's own token.
        case proxyToken(workload: String)
        /// No authentication (`--auth none`, loopback or socket only).
        case anonymous
    }

    public var kind: Kind
    /// The highest role the principal holds; nil when it holds none (it is then refused everywhere with 403).
    public var role: Role?

    public init(kind: Kind, role: Role?) {
        self.kind = kind
        self.role = role
    }

    /// The name audit records and logs use: `token`, `socket:uid=N`, `oidc:<sub>`, `proxy-token:<workload>`,
    /// `anonymous`.
    public var description: String {
        switch kind {
        case .apiToken: "token"
        case .socketPeer(let uid): "socket:uid=\(uid)"
        case .oidc(let subject): "oidc:\(subject)"
        case .proxyToken(let workload): "proxy-token:\(workload)"
        case .anonymous: "anonymous"
        }
    }

    /// Whether the principal holds `role` (or a higher one).
    public func has(_ role: Role) -> Bool { self.role?.includes(role) ?? false }
}
