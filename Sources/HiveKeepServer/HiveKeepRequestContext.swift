import Hummingbird
import Logging
import NIOCore

/// The request context of HiveKeep's API: Hummingbird's core context plus what the API needs to know about the
/// connection (whether it came through the Unix socket).
public struct HiveKeepRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// True when the request arrived on the Unix socket rather than TCP.
    public let isUnixSocket: Bool
    /// The largest body Hummingbird will collect; the body-limit middleware enforces HiveKeep's own limit first.
    public var maxUploadSize: Int { 1 << 20 }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        if case .unixDomainSocket = source.channel.localAddress {
            self.isUnixSocket = true
        } else {
            self.isUnixSocket = false
        }
    }
}
