import HTTPTypes
import HiveKeepCore
import Hummingbird
import NIOCore

/// `GET /health`, `GET /api/v1beta/version` and `GET /api/openapi.json`.
struct SystemController {
    let document: OpenAPIDocument
    let health: HealthCheck

    /// The JSON body of the version endpoint.
    struct VersionResponse: ResponseEncodable {
        var version: String
    }

    func addRoutes(to routes: RouteRegistry) {
        routes.add(.get, "/health", .open) { _, _ in
            if let reason = await health.unusableReason() {
                return Response(
                    status: .serviceUnavailable,
                    headers: [.contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: "unhealthy: \(reason)\n"))
                )
            }
            return Response(status: .noContent)
        }
        routes.add(.get, "/api/v1beta/version", .read) { request, context in
            try VersionResponse(version: HiveKeepVersion.current).response(from: request, context: context)
        }
        routes.add(.get, "/api/openapi.json", .open) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: document.json))
            )
        }
    }
}
