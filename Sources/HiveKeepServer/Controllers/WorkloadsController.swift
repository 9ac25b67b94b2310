import Foundation
import HiveKeepCore
import HiveKeepWorkloads
import Hummingbird
import Logging

/// The workload operations and the two log operations of `/api/v1beta/workloads` (export and import are in
/// ``TransferController``).
///
/// Stop, restart and delete answer 202 once the workload is known to exist and finish in the background, as the
/// reference does; their progress shows in the workload's status.
struct WorkloadsController {
    let service: WorkloadService

    struct ListResponse: Encodable { var workloads: [WorkloadSummary] }
    struct StatusResponse: Encodable { var status: WorkloadStatus }
    /// A workload's definition (the create request's shape) with its `status` and `status_context` beside it.
    struct WorkloadDetails: Encodable {
        var definition: WorkloadRequest
        var status: WorkloadStatus
        var statusContext: String?

        enum CodingKeys: String, CodingKey {
            case status
            case statusContext = "status_context"
        }

        func encode(to encoder: any Encoder) throws {
            try definition.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(status, forKey: .status)
            try container.encodeIfPresent(statusContext, forKey: .statusContext)
        }
    }
    struct BulkRequest: Decodable {
        var names: [String]?
        var group: String?
    }

    func addRoutes(to routes: RouteRegistry) {
        routes.add(.get, "/api/v1beta/workloads", .read) { request, _ in
            let all = request.uri.queryParameters["all"] == "true"
            // `group=` with no value filters nothing, as an absent group does.
            let group = request.uri.queryParameters["group"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            return try JSONResponse.make(ListResponse(workloads: try await service.list(all: all, group: group)))
        }
        routes.add(.post, "/api/v1beta/workloads", .manageWorkloads) { request, context in
            let body = try await JSONBody.decode(WorkloadRequest.self, from: request, context: context)
            try await context.requireManaging(body, in: service)
            return try JSONResponse.make(try await service.create(body), status: .created)
        }
        routes.add(.get, "/api/v1beta/workloads/{name}", .read) { _, context in
            let details = try await service.details(try PathParameter.decoded("name", in: context))
            return try JSONResponse.make(
                WorkloadDetails(definition: details.request, status: details.status, statusContext: details.context))
        }
        routes.add(.get, "/api/v1beta/workloads/{name}/status", .read) { _, context in
            let status = try await service.status(try PathParameter.decoded("name", in: context))
            return try JSONResponse.make(StatusResponse(status: status))
        }
        routes.add(.post, "/api/v1beta/workloads/{name}/edit", .manageWorkloads) { request, context in
            let name = try PathParameter.decoded("name", in: context)
            let body = try await JSONBody.decode(WorkloadRequest.self, from: request, context: context)
            try await context.requireManaging(name, in: service)
            try await context.requireManaging(body, in: service)
            return try JSONResponse.make(try await service.edit(name, with: body))
        }
        routes.add(.get, "/api/v1beta/workloads/{name}/logs", .manageWorkloads) { _, context in
            let name = try PathParameter.decoded("name", in: context)
            try await context.requireManaging(name, in: service)
            return JSONResponse.text(try await service.serverLogs(name))
        }
        routes.add(.get, "/api/v1beta/workloads/{name}/proxy-logs", .manageWorkloads) { _, context in
            let name = try PathParameter.decoded("name", in: context)
            try await context.requireManaging(name, in: service)
            return JSONResponse.text(try await service.proxyLogs(name))
        }
        addLifecycleRoutes(to: routes)
    }

    private func addLifecycleRoutes(to routes: RouteRegistry) {
        let operations: [(String, @Sendable (WorkloadService, String) async throws -> Void)] = [
            ("stop", { try await $0.stop($1) }),
            ("restart", { try await $0.restart($1) }),
            ("delete", { try await $0.delete($1) }),
        ]
        for (verb, operation) in operations {
            routes.add(.post, "/api/v1beta/workloads/\(verb)", .manageWorkloads) { request, context in
                let body = try await JSONBody.decode(BulkRequest.self, from: request, context: context)
                let names = try await service.select(names: body.names, group: body.group)
                for name in names { try await context.requireManaging(name, in: service) }
                for name in names { try? await Self.recordIntent(verb, name, in: service) }
                inBackground(verb, names: names, skipUnknown: true, operation)
                return Response(status: .accepted)
            }
        }
        for (verb, operation) in operations where verb != "delete" {
            routes.add(.post, "/api/v1beta/workloads/{name}/\(verb)", .manageWorkloads) { _, context in
                let name = try PathParameter.decoded("name", in: context)
                _ = try await service.status(name)
                try await context.requireManaging(name, in: service)
                try await Self.recordIntent(verb, name, in: service)
                inBackground(verb, names: [name], skipUnknown: false, operation)
                return Response(status: .accepted)
            }
        }
        routes.add(.delete, "/api/v1beta/workloads/{name}", .manageWorkloads) { _, context in
            let name = try PathParameter.decoded("name", in: context)
            _ = try await service.status(name)
            try await context.requireManaging(name, in: service)
            try await Self.recordIntent("delete", name, in: service)
            inBackground("delete", names: [name], skipUnknown: false) { try await $0.delete($1) }
            return Response(status: .accepted)
        }
    }

    /// Records a stop or delete in the workload's status before the 202 (``WorkloadService/record(_:for:)``).
    private static func recordIntent(_ verb: String, _ name: String, in service: WorkloadService) async throws {
        switch verb {
        case "stop": try await service.record(.stop, for: name)
        case "delete": try await service.record(.delete, for: name)
        default: break
        }
    }

    /// Runs `operation` on each of `names` after the response, in parallel; failures are logged.
    private func inBackground(
        _ verb: String, names: [String], skipUnknown: Bool,
        _ operation: @escaping @Sendable (WorkloadService, String) async throws -> Void
    ) {
        let service = service
        let logger = service.logger
        Task {
            await withTaskGroup(of: Void.self) { group in
                for name in names {
                    group.addTask {
                        do {
                            try await operation(service, name)
                        } catch let error as HiveKeepError where error.code == .notFound && skipUnknown {
                            logger.info("skipping unknown workload", metadata: ["workload.name": "\(name)"])
                        } catch {
                            logger.warning(
                                "workload \(verb) failed", metadata: ["workload.name": "\(name)", "error": "\(error)"])
                        }
                    }
                }
            }
        }
    }
}
