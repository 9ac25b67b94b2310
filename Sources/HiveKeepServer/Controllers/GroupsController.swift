import Foundation
import HiveKeepCore
import HiveKeepWorkloads
import Hummingbird

/// The four groups operations of `/api/v1beta/groups`.
struct GroupsController {
    let service: GroupService

    struct GroupResponse: ResponseEncodable {
        var name: String
        var registeredClients: [String]
        enum CodingKeys: String, CodingKey {
            case name
            case registeredClients = "registered_clients"
        }
        init(_ group: Group) {
            name = group.name
            registeredClients = group.registeredClients
        }
    }

    struct ListResponse: ResponseEncodable {
        var groups: [GroupResponse]
    }

    struct CreateRequest: Decodable {
        var name: String?
    }

    struct CreateResponse: ResponseEncodable {
        var name: String
    }

    func addRoutes(to routes: RouteRegistry) {
        routes.add(.get, "/api/v1beta/groups", .read) { request, context in
            try ListResponse(groups: try await service.list().map(GroupResponse.init))
                .response(from: request, context: context)
        }
        routes.add(.post, "/api/v1beta/groups", .writeGroups) { request, context in
            let body = try await JSONBody.decode(CreateRequest.self, from: request, context: context)
            let group = try await service.create(body.name ?? "")
            var response = try CreateResponse(name: group.name).response(from: request, context: context)
            response.status = .created
            return response
        }
        routes.add(.get, "/api/v1beta/groups/{name}", .read) { request, context in
            let name = try PathParameter.decoded("name", in: context)
            return try GroupResponse(try await service.get(name)).response(from: request, context: context)
        }
        routes.add(.delete, "/api/v1beta/groups/{name}", .writeGroups) { request, context in
            let name = try PathParameter.decoded("name", in: context)
            let withWorkloads = request.uri.queryParameters["with-workloads"] == "true"
            try await service.delete(name, withWorkloads: withWorkloads)
            return Response(status: .noContent)
        }
    }
}
