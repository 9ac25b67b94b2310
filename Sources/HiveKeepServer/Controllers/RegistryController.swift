import Foundation
import HTTPTypes
import HiveKeepCore
import HiveKeepRegistry
import Hummingbird

/// The seven registry operations of `/api/v1beta/registry`. There is one registry, `default`.
///
/// A server name containing `/` is sent percent-encoded (`%2F`) in the single `{serverName}` segment: the router
/// matches raw path segments, and the handler decodes the parameter. (The OpenAPI path stays exactly the
/// reference's, so no catch-all route is registered.)
struct RegistryController {
    let service: RegistryService

    func addRoutes(to routes: RouteRegistry) {
        routes.add(.get, "/api/v1beta/registry", .read) { request, context in
            let registries = try await service.list().map(RegistryInfo.init)
            return try RegistryListResponse(registries: registries).response(from: request, context: context)
        }
        routes.add(.post, "/api/v1beta/registry", .writeRegistry) { request, context in
            try await JSONBody.validateSyntax(of: request, context: context)
            throw HiveKeepError(
                .unsupportedOperation,
                "adding registries is not supported: HiveKeep has one registry, default; "
                    + "point it at a custom source with PUT /api/v1beta/registry/default")
        }
        routes.add(.get, "/api/v1beta/registry/{name}", .read) { request, context in
            let (summary, document) = try await service.registry(named: try context.parameters.require("name"))
            return try RegistryDetailsResponse(info: RegistryInfo(summary), registry: document)
                .response(from: request, context: context)
        }
        routes.add(.put, "/api/v1beta/registry/{name}", .writeRegistry) { request, context in
            let name = try context.parameters.require("name")
            let body = try await JSONBody.decode(UpdateRequest.self, from: request, context: context)
            let result = try await service.update(named: name, body.update)
            return try UpdateResponse(message: result.message, type: result.type.rawValue)
                .response(from: request, context: context)
        }
        routes.add(.delete, "/api/v1beta/registry/{name}", .writeRegistry) { _, context in
            try await service.remove(named: try context.parameters.require("name"))
            return Response(status: .noContent)
        }
        routes.add(.get, "/api/v1beta/registry/{name}/servers", .read) { request, context in
            let (_, document) = try await service.registry(named: try context.parameters.require("name"))
            return try ServerListResponse(document).response(from: request, context: context)
        }
        routes.add(.get, "/api/v1beta/registry/{name}/servers/{serverName}", .read) { request, context in
            let name = try context.parameters.require("name")
            let serverName = try PathParameter.decoded("serverName", in: context)
            guard !serverName.isEmpty else { throw HiveKeepError.invalid("server name is required") }
            let entry = try await service.server(named: serverName, in: name)
            return try ServerDetailsResponse(entry).response(from: request, context: context)
        }
    }
}
