import HTTPTypes
import Hummingbird
import Logging
import NIOCore

extension HTTPField.Name {
    /// The header that carries the request id on every response.
    static let requestID = HTTPField.Name("X-Request-Id")!
}

/// The outermost middleware: gives every response the request id, turns every error into a plain-text response
/// through `ErrorMapping`, and writes one log line per request carrying the same id (`hb.request.id`).
///
/// A 5xx body says only that the request failed and names the id; the cause goes to the server log.
struct RequestErrorMiddleware: RouterMiddleware {
    typealias Context = HiveKeepRequestContext
    let maxBodyBytes: Int

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = errorResponse(error, request: request, context: context)
        }
        response.headers[.requestID] = context.id
        let elapsed = ContinuousClock.now - started
        context.logger.info(
            "request",
            metadata: [
                "http.method": "\(request.method)",
                "http.path": "\(request.uri.path)",
                "http.status": "\(response.status.code)",
                "http.duration_ms": "\(elapsed.milliseconds)",
            ]
        )
        return response
    }

    private func errorResponse(_ error: any Error, request: Request, context: Context) -> Response {
        var (status, message) = ErrorMapping.map(error, request: request, maxBodyBytes: maxBodyBytes)
        if status.code >= 500 && status != .notImplemented && status != .serviceUnavailable {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            message = "request failed; request id \(context.id)"
        } else if status.code >= 500 {
            context.logger.warning("request not served", metadata: ["error.message": "\(message)"])
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        if status == .methodNotAllowed, let allow = (error as? MethodNotAllowed)?.allowed {
            headers[.allow] = allow.joined(separator: ", ")
        }
        let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        return Response(
            status: status,
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: oneLine + "\n"))
        )
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
