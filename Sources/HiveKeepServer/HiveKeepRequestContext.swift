import HiveKeepAuth
import Hummingbird
import Logging
import NIOCore

/// The request context of HiveKeep's API: Hummingbird's core context plus what the API needs to know about the
/// connection (whether it came through the Unix socket, and who is at its other end).
public struct HiveKeepRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// True when the request arrived on the Unix socket rather than TCP.
    public let isUnixSocket: Bool
    /// The connection's channel, asked about its peer only by the operations that need to know.
    private let channel: any Channel
    /// Who is calling: set by the authentication middleware before any handler runs; nil only for the open paths
    /// (`/health`, `/api/openapi.json`).
    public var principal: Principal?
    /// The largest body Hummingbird will collect; the body-limit middleware enforces HiveKeep's own limit first.
    public var maxUploadSize: Int { 1 << 20 }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
        if case .unixDomainSocket = source.channel.localAddress {
            self.isUnixSocket = true
        } else {
            self.isUnixSocket = false
        }
    }

    /// The process at the other end of the Unix socket (its user id, from the kernel); nil over TCP, or when the
    /// kernel does not say (callers then refuse what needs it).
    public func unixPeer() async -> UnixPeer? {
        guard isUnixSocket, let provider = channel as? any SocketOptionProvider else { return nil }
        return await UnixPeer.of(provider)
    }
}
