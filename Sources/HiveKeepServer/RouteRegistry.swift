import HTTPTypes
import HiveKeepCore
import Hummingbird

/// The error behind a 405: the path exists, the method does not.
struct MethodNotAllowed: HTTPResponseError {
    let method: HTTPRequest.Method
    let path: String
    let allowed: [String]

    var status: HTTPResponse.Status { .methodNotAllowed }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status)
    }
}

/// Collects the operations controllers implement, then routes the whole OpenAPI document: implemented operations
/// to their handlers, planned ones to an honest 501, and every other method on a known path to a 405.
final class RouteRegistry {
    typealias Handler = @Sendable (Request, HiveKeepRequestContext) async throws -> Response

    private var handlers: [String: [HTTPRequest.Method: Handler]] = [:]

    /// Registers the handler of one operation and the permission every caller of it needs (checked before the
    /// handler runs; a handler may ask for more once it knows what the request is about).
    func add(_ method: HTTPRequest.Method, _ path: String, _ permission: Permission, handler: @escaping Handler) {
        handlers[path, default: [:]][method] = { request, context in
            try context.require(permission)
            return try await handler(request, context)
        }
    }

    /// Adds every route of `document` to `router`; throws when the document and the handlers disagree.
    func install(on router: Router<HiveKeepRequestContext>, document: OpenAPIDocument) throws {
        var routes = handlers
        for operation in document.operations {
            let method = HTTPRequest.Method(operation.method) ?? .get
            if operation.isPlanned {
                guard routes[operation.path]?[method] == nil else {
                    throw HiveKeepError(
                        .internalError, "\(operation.method) \(operation.path) is built but marked planned")
                }
                routes[operation.path, default: [:]][method] = Self.planned(operation)
            } else if routes[operation.path]?[method] == nil {
                throw HiveKeepError(.internalError, "\(operation.method) \(operation.path) has no handler")
            }
        }
        let documented = Set(document.operations.map { "\($0.method) \($0.path)" })
        for (path, methods) in routes {
            for (method, handler) in methods {
                guard documented.contains("\(method) \(path)") else {
                    throw HiveKeepError(.internalError, "\(method) \(path) is not in the OpenAPI document")
                }
                router.on(RouterPath(path), method: method) { request, context in
                    try await handler(request, context)
                }
            }
            let allowed = methods.keys.map(\.rawValue).sorted()
            for method in Self.otherMethods where methods[method] == nil {
                router.on(RouterPath(path), method: method) { request, _ -> Response in
                    throw MethodNotAllowed(method: request.method, path: path, allowed: allowed)
                }
            }
        }
    }

    private static let otherMethods: [HTTPRequest.Method] = [.get, .put, .post, .delete, .patch, .head, .options]

    private static func planned(_ operation: OpenAPIDocument.Operation) -> Handler {
        { request, context in
            if operation.hasRequestBody {
                try await JSONBody.validateSyntax(of: request, context: context)
            }
            throw HiveKeepError(
                .notImplemented,
                "\(operation.method) \(operation.path) (\(operation.operationID)) is not implemented yet in HiveKeep"
            )
        }
    }
}
