import HiveKeepClients
import HiveKeepCore
import HiveKeepWorkloads
import Hummingbird

/// The clients operations of `/api/v1beta/clients` and the discovery operation.
struct ClientsController {
    let service: ClientService

    struct ClientResponse: ResponseEncodable {
        var name: String
        var groups: [String]?
        /// Set on registration when the client cannot send the workload proxies' token (see
        /// `ClientType.proxyAuthenticationWarning`).
        var warnings: [String]?

        init(name: String, groups: [String]? = nil, registering: Bool = false) {
            self.name = name
            self.groups = groups
            if registering, let warning = ClientType(rawValue: name)?.proxyAuthenticationWarning {
                warnings = [warning]
            }
        }
    }

    struct RegisterRequest: Decodable {
        var name: String?
        var groups: [String]?
    }

    struct BulkRequest: Decodable {
        var names: [String]?
        var groups: [String]?
    }

    struct DiscoveryResponse: ResponseEncodable {
        var clients: [ClientStatus]
    }

    func addRoutes(to routes: RouteRegistry) {
        routes.add(.get, "/api/v1beta/clients", .read) { request, context in
            let clients = try await service.list().map { ClientResponse(name: $0.name, groups: $0.groups) }
            return try context.responseEncoder.encode(clients, from: request, context: context)
        }
        routes.add(.post, "/api/v1beta/clients", .writeClients) { request, context in
            let body = try await JSONBody.decode(RegisterRequest.self, from: request, context: context)
            let name = body.name ?? ""
            let groups = try await service.register(name, groups: body.groups ?? [])
            return try ClientResponse(name: name, groups: groups, registering: true)
                .response(from: request, context: context)
        }
        routes.add(.post, "/api/v1beta/clients/register", .writeClients) { request, context in
            let body = try await JSONBody.decode(BulkRequest.self, from: request, context: context)
            let names = body.names ?? []
            try await service.register(names: names, groups: body.groups ?? [])
            let clients = names.map { ClientResponse(name: $0, registering: true) }
            return try context.responseEncoder.encode(clients, from: request, context: context)
        }
        routes.add(.post, "/api/v1beta/clients/unregister", .writeClients) { request, context in
            let body = try await JSONBody.decode(BulkRequest.self, from: request, context: context)
            try await service.unregister(names: body.names ?? [], groups: body.groups ?? [])
            return Response(status: .noContent)
        }
        routes.add(.delete, "/api/v1beta/clients/{name}", .writeClients) { _, context in
            try await service.unregister(try PathParameter.decoded("name", in: context))
            return Response(status: .noContent)
        }
        routes.add(.delete, "/api/v1beta/clients/{name}/groups/{group}", .writeClients) { _, context in
            let name = try PathParameter.decoded("name", in: context)
            let group = try PathParameter.decoded("group", in: context)
            try await service.unregister(name, fromGroup: group)
            return Response(status: .noContent)
        }
        routes.add(.get, "/api/v1beta/discovery/clients", .read) { request, context in
            try DiscoveryResponse(clients: await service.discover()).response(from: request, context: context)
        }
    }
}
