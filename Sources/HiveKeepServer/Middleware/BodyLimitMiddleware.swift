import HTTPTypes
import HiveKeepCore
import Hummingbird
import NIOCore

/// Refuses request bodies over the limit with 413 before any handler runs: at once from `Content-Length`, and for
/// chunked bodies by collecting at most the limit.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = HiveKeepRequestContext
    let maxBodyBytes: Int

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let declared = request.headers[.contentLength] {
            guard let length = Int(declared), length >= 0 else {
                throw HiveKeepError.invalid("Content-Length '\(declared)' is not a number")
            }
            guard length <= maxBodyBytes else {
                throw HiveKeepError(.payloadTooLarge, ErrorMapping.tooLarge(maxBodyBytes))
            }
        }
        var request = request
        if request.headers[.contentLength] != nil || request.headers[.transferEncoding] != nil {
            do {
                _ = try await request.collectBody(upTo: maxBodyBytes)
            } catch is NIOTooManyBytesError {
                throw HiveKeepError(.payloadTooLarge, ErrorMapping.tooLarge(maxBodyBytes))
            }
        }
        return try await next(request, context)
    }
}
