import HiveKeepWorkloads
import Hummingbird
import NIOCore

/// `GET /metrics`: Prometheus text exposition of the API's metrics, authenticated like every operation (viewer).
struct MetricsController {
    let metrics: APIMetrics
    let workloads: WorkloadService

    func addRoutes(to routes: RouteRegistry) {
        routes.add(.get, "/metrics", .read) { _, _ in await exposition() }
    }

    /// The exposition: the registry's metrics, then each existing workload's runner snapshot.
    func exposition() async -> Response {
        let list = (try? await workloads.list(all: true, group: nil)) ?? []
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(
            status: .ok, headers: headers,
            body: .init(
                byteBuffer: ByteBuffer(bytes: metrics.render(workloads: list, snapshot: workloads.metricsSnapshot))))
    }
}
