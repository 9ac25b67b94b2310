import Hummingbird

/// The outermost middleware: counts every answered request by its route template and status, and its latency.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = HiveKeepRequestContext
    let metrics: APIMetrics

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let operation = context.endpointPath ?? "unmatched"
        metrics.recordRequest(
            method: request.method.rawValue, operation: operation.hasPrefix("/") ? operation : "unmatched",
            status: response.status.code, duration: ContinuousClock.now - started)
        return response
    }
}
