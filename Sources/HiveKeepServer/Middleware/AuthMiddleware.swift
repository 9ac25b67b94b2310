import HTTPTypes
import HiveKeepAuth
import HiveKeepCore
import Hummingbird
import Logging
import NIOCore

/// Authenticates every request before anything else of it is looked at: no route, method, body or path parameter
/// is examined for a caller without a valid credential, so a 401 never reveals whether a path or a workload exists.
///
/// Open without a credential: `/health` and `/api/openapi.json`. Everything else (`/api/v1beta/…`, `/metrics`,
/// unknown paths) needs a principal. A principal without a role is refused with 403 everywhere.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = HiveKeepRequestContext
    let authenticator: APIAuthenticator

    static let openPaths: Set<String> = ["/health", "/api/openapi.json"]

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) {
            return try await next(request, context)
        }
        let peer = await context.unixPeer()
        let result = await authenticator.authenticate(
            authorization: request.headers[.authorization], socketPeerUserID: peer?.userID)
        switch result {
        case .failure(let failure):
            context.logger.info("request not authenticated", metadata: ["auth.failure": "\(failure)"])
            return Self.unauthorized(failure)
        case .success(let principal):
            guard principal.role != nil else {
                throw HiveKeepError(
                    .forbidden, "\(principal) holds no HiveKeep role: no claim value maps to viewer, operator or admin")
            }
            var context = context
            context.principal = principal
            context.logger[metadataKey: "auth.principal"] = "\(principal)"
            return try await RequestCaller.$principal.withValue(principal.description) {
                try await next(request, context)
            }
        }
    }

    /// A 401 with `WWW-Authenticate: Bearer` (RFC 6750) and a body that says only "missing", "invalid" or
    /// "expired".
    static func unauthorized(_ failure: AuthFailure) -> Response {
        var challenge = #"Bearer realm="hivekeep""#
        if let error = failure.bearerError { challenge += #", error="\#(error)""# }
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = challenge
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: .unauthorized, headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: "authentication \(failure): send Authorization: Bearer TOKEN\n"))
        )
    }
}
