import HiveKeepCore
import HiveKeepKubernetes
import HiveKeepRegistry
import HiveKeepSigning
import HiveKeepWorkloads
import Hummingbird
import NIOCore

/// Export and import of run configurations: `GET /api/v1beta/workloads/{name}/export[?format=json|dsse|k8s]` and
/// `POST /api/v1beta/workloads/import`. `format=k8s` answers the ToolHive operator resources as YAML
/// (`application/yaml`, one document per resource; see ``KubernetesExporter``).
///
/// A signed export (`format=dsse`) signs with the installation's key: only an admin principal (the API token, the
/// server's own user on the Unix socket, or an OIDC admin) gets one. Plain exports need an operator; an import that
/// is unsigned or brings secrets needs an admin.
struct TransferController {
    let service: WorkloadService
    let groups: GroupService
    let registry: RegistryService

    func addRoutes(to routes: RouteRegistry) {
        routes.add(.get, "/api/v1beta/workloads/{name}/export", .exportWorkloads) { request, context in
            let name = try PathParameter.decoded("name", in: context)
            switch request.uri.queryParameters["format"].map(String.init) ?? "json" {
            case "json", "":
                return try JSONResponse.make(try await service.exportRunConfig(name))
            case "dsse":
                try context.require(.sign)
                let envelope = try await service.exportSignedRunConfig(name, caller: "api")
                return try JSONResponse.make(envelope)
            case "k8s":
                let exporter = KubernetesExporter(workloads: service, groups: groups, registry: registry)
                let manifest = try await exporter.workload(name, options: KubernetesExportOptions())
                return Response(
                    status: .ok, headers: [.contentType: "application/yaml"],
                    body: .init(byteBuffer: ByteBuffer(string: try manifest.yaml())))
            case let other:
                throw HiveKeepError.invalid("invalid format '\(other.prefix(40))': must be 'json', 'dsse' or 'k8s'")
            }
        }
        routes.add(.post, "/api/v1beta/workloads/import", .importSigned) { request, context in
            let options = try Self.options(of: request)
            if options.allowUnsigned || options.allowSecrets { try context.require(.importAny) }
            var request = request
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            guard buffer.readableBytes > 0 else {
                throw HiveKeepError.invalid("request body is empty; expected a signed envelope or a RunConfig")
            }
            let created = try await service.importRunConfig(Array(buffer.readableBytesView), options: options)
            return try JSONResponse.make(created, status: .created)
        }
    }

    /// `name`, `allow_unsigned` and `allow_secrets` from the query; the flags take `true` or `false`.
    static func options(of request: Request) throws -> ImportOptions {
        let query = request.uri.queryParameters
        func flag(_ key: String) throws -> Bool {
            switch query[Substring(key)].map(String.init) {
            case nil, "false": return false
            case "true": return true
            default: throw HiveKeepError.invalid("query parameter '\(key)' must be true or false")
            }
        }
        return ImportOptions(
            name: query["name"].map(String.init),
            allowUnsigned: try flag("allow_unsigned"),
            allowSecrets: try flag("allow_secrets"))
    }
}
