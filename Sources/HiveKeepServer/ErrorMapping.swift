import HTTPTypes
import HiveKeepCore
import Hummingbird
import NIOCore

/// Maps every error a handler or middleware can throw to a status and a one-line message, in one place.
enum ErrorMapping {
    /// The status and the client-safe message for `error`; the message of a 5xx is replaced by the caller.
    static func map(_ error: any Error, request: Request, maxBodyBytes: Int) -> (HTTPResponse.Status, String) {
        switch error {
        case let error as HiveKeepError:
            return (status(for: error.code), error.message)
        case let error as MethodNotAllowed:
            let allowed = error.allowed.joined(separator: ", ")
            return (.methodNotAllowed, "method \(error.method) is not allowed on \(error.path); allowed: \(allowed)")
        case is NIOTooManyBytesError:
            return (.contentTooLarge, tooLarge(maxBodyBytes))
        case let error as HTTPError:
            return (error.status, message(for: error, request: request, maxBodyBytes: maxBodyBytes))
        case let error as any HTTPResponseError:
            return (error.status, error.status.reasonPhrase)
        case let error as DecodingError:
            return (.badRequest, JSONBody.describe(error))
        default:
            return (.internalServerError, "request failed")
        }
    }

    static func status(for code: HiveKeepError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidArgument: .badRequest
        case .notFound: .notFound
        case .alreadyExists, .conflict: .conflict
        case .forbidden: .forbidden
        case .unsupportedOperation: .methodNotAllowed
        case .payloadTooLarge: .contentTooLarge
        case .notImplemented: .notImplemented
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    static func tooLarge(_ limit: Int) -> String {
        "request body is larger than the limit of \(limit) bytes"
    }

    private static func message(for error: HTTPError, request: Request, maxBodyBytes: Int) -> String {
        if let body = error.body, !body.isEmpty { return body }
        switch error.status {
        case .notFound: return "no such endpoint: \(request.method) \(request.uri.path)"
        case .contentTooLarge: return tooLarge(maxBodyBytes)
        default: return error.status.reasonPhrase
        }
    }
}
