import Foundation
import HiveKeepCore
import HiveKeepWorkloads
import Hummingbird

/// A remote workload's OAuth sign-in (extensions): `GET /api/v1beta/workloads/{name}/auth` says whether it waits
/// for sign-in and where (the authorization URL, which carries no secret), and
/// `POST /api/v1beta/workloads/{name}/auth/callback` `{"redirect_url": URL}` finishes it with the address the
/// browser was sent to after sign-in, pasted from any machine (see ``WorkloadService/completeSignIn(_:redirectURL:)``).
/// Finishing a sign-in gives the workload the signed-in account's access: permission `workloads:sign-in` (operator),
/// and the caller must be allowed to manage that workload.
struct WorkloadSignInController {
    let service: WorkloadService

    struct SignInState: Encodable {
        var status: String
        var authorizationURL: String?

        enum CodingKeys: String, CodingKey {
            case status
            case authorizationURL = "authorization_url"
        }
    }

    struct Callback: Decodable {
        var redirectURL: String

        enum CodingKeys: String, CodingKey {
            case redirectURL = "redirect_url"
        }
    }

    func addRoutes(to routes: RouteRegistry) {
        routes.add(.get, "/api/v1beta/workloads/{name}/auth", .read) { _, context in
            let name = try PathParameter.decoded("name", in: context)
            let status = try await service.status(name)
            let url = try await service.pendingSignIn(name)
            return try JSONResponse.make(
                SignInState(status: status.rawValue, authorizationURL: url?.absoluteString))
        }
        routes.add(.post, "/api/v1beta/workloads/{name}/auth/callback", .signInWorkloads) { request, context in
            let name = try PathParameter.decoded("name", in: context)
            _ = try await service.status(name)
            try await context.requireManaging(name, in: service)
            let body = try await JSONBody.decode(Callback.self, from: request, context: context)
            try await service.completeSignIn(name, redirectURL: body.redirectURL)
            return Response(status: .accepted)
        }
    }
}
