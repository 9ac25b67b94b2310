/// Where the reverse proxy gets a remote workload's current upstream credential, per request, and tells how the
/// upstream took it (the runner's OAuth session implements it; static headers need none).
///
/// The contract: ``authorization()`` is called for every upstream request and returns the `Authorization` value to
/// send (nil: none of its own, the static headers stand), or a refusal when no usable token exists now (waiting for
/// sign-in); the proxy then answers 503 with that message and sends nothing upstream. When the upstream answers 401 to a request sent with a token, the proxy calls
/// ``rejected(_:)`` once: a returned new value means "retry once with it" (the session refreshed); nil means the
/// session now waits for sign-in, and the client gets a 503 saying so (never the upstream's 401, which would read as
/// a refusal of the client's own credential). Every other answer goes to ``answered(status:)``, so the workload's
/// status can follow its upstream. Values are never logged.
public protocol UpstreamAuthorizer: Sendable {
    /// The `Authorization` header value for the next upstream request.
    func authorization() async -> Result<String?, UpstreamAuthorizationRefusal>
    /// The upstream answered 401 to a request sent with `authorization`: a fresh value to retry with, or nil.
    func rejected(_ authorization: String) async -> String?
    /// The upstream answered with `status` (not a 401 to a value this authorizer gave), or could not be reached
    /// (`nil`).
    func answered(status: Int?) async
}

/// Why no upstream request can be sent now, in words for the client.
public struct UpstreamAuthorizationRefusal: Error, Sendable, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
