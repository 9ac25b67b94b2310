import HTTPTypes
import HiveKeepCore
import HiveKeepSecrets
import Hummingbird
import Sodium

/// The six secrets operations of `/api/v1beta/secrets`. No endpoint ever returns a secret value.
struct SecretsController {
    let service: SecretsService

    struct SetupRequest: Decodable {
        var providerType: String?
        var password: String?
        enum CodingKeys: String, CodingKey {
            case providerType = "provider_type"
            case password
        }
    }

    struct SetupResponse: ResponseEncodable {
        var providerType: String
        var message: String
        enum CodingKeys: String, CodingKey {
            case providerType = "provider_type"
            case message
        }
    }

    struct ProviderResponse: ResponseEncodable {
        var name: String
        var providerType: String
        var capabilities: SecretsCapabilities
        enum CodingKeys: String, CodingKey {
            case name
            case providerType = "provider_type"
            case capabilities
        }
    }

    struct KeysResponse: ResponseEncodable {
        struct Key: Encodable { var key: String }
        var keys: [Key]
    }

    struct CreateRequest: Decodable {
        var key: String?
        var value: String?
    }

    struct UpdateRequest: Decodable {
        var value: String?
    }

    struct KeyResponse: ResponseEncodable {
        var key: String
        var message: String
    }

    func addRoutes(to routes: RouteRegistry) {
        routes.add(.post, "/api/v1beta/secrets", .writeSecrets) { request, context in
            let body = try await JSONBody.decode(SetupRequest.self, from: request, context: context)
            let type = try SecretsService.parseType(body.providerType)
            let password = try body.password.flatMap { $0.isEmpty ? nil : try SecureBytes(copying: Array($0.utf8)) }
            let result = try await service.setup(type: type, password: password)
            let message =
                result.reconfigured
                ? "Secrets provider reconfigured successfully" : "Secrets provider setup successfully"
            var response = try SetupResponse(providerType: result.type.rawValue, message: message)
                .response(from: request, context: context)
            response.status = .created
            return response
        }
        routes.add(.get, "/api/v1beta/secrets/default", .read) { request, context in
            let description = try await service.describe()
            return try ProviderResponse(
                name: "default",
                providerType: description.type.rawValue,
                capabilities: description.capabilities
            ).response(from: request, context: context)
        }
        routes.add(.get, "/api/v1beta/secrets/default/keys", .read) { request, context in
            let keys = try await service.listKeys(caller: "api:\(context.id)")
            return try KeysResponse(keys: keys.map { .init(key: $0) }).response(from: request, context: context)
        }
        routes.add(.post, "/api/v1beta/secrets/default/keys", .writeSecrets) { request, context in
            let body = try await JSONBody.decode(CreateRequest.self, from: request, context: context)
            guard let key = body.key, !key.isEmpty, let value = body.value, !value.isEmpty else {
                throw HiveKeepError.invalid("both 'key' and 'value' are required")
            }
            try await service.create(
                key: key, value: try SecureBytes(copying: Array(value.utf8)), caller: "api:\(context.id)")
            var response = try KeyResponse(key: key, message: "Secret created successfully")
                .response(from: request, context: context)
            response.status = .created
            return response
        }
        routes.add(.put, "/api/v1beta/secrets/default/keys/{key}", .writeSecrets) { request, context in
            let key = try PathParameter.decoded("key", in: context)
            let body = try await JSONBody.decode(UpdateRequest.self, from: request, context: context)
            guard let value = body.value, !value.isEmpty else { throw HiveKeepError.invalid("value is required") }
            try await service.update(
                key: key, value: try SecureBytes(copying: Array(value.utf8)), caller: "api:\(context.id)")
            return try KeyResponse(key: key, message: "Secret updated successfully").response(
                from: request, context: context)
        }
        routes.add(.delete, "/api/v1beta/secrets/default/keys/{key}", .writeSecrets) { _, context in
            let key = try PathParameter.decoded("key", in: context)
            try await service.delete(key: key, caller: "api:\(context.id)")
            return Response(status: .noContent)
        }
    }
}
