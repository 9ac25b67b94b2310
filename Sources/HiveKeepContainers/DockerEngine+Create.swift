import Foundation
import Logging
import NIOHTTP1

extension DockerEngine {
    /// Creates the container (not started) named `spec.name`; an isolated spec joins ``isolatedNetwork``, created
    /// first when missing. The environment travels in this request only and is never logged.
    public func create(_ spec: ContainerSpec) async throws -> String {
        if spec.networkIsolated { try await ensureIsolatedNetwork() }
        let body = try DockerCreateRequest(spec: spec, network: spec.networkIsolated ? Self.isolatedNetwork : nil)
        let created: DockerReply.Created
        do {
            created = try await http.decode(
                DockerReply.Created.self, .POST, "/containers/create", query: [("name", spec.name)],
                body: try JSONEncoder().encode(body))
        } catch ContainerEngineError.engine(404, let message) where message.lowercased().contains("image") {
            throw ContainerEngineError.imageNotFound(spec.image)
        }
        logger.debug(
            "container created",
            metadata: ["workload.name": "\(spec.workload)", "container.id": "\(created.id.prefix(12))"])
        return created.id
    }

    /// Creates the internal network (no route out) once; an existing one, or one created meanwhile, is fine.
    func ensureIsolatedNetwork() async throws {
        do {
            _ = try await http.call(.GET, "/networks/\(Self.isolatedNetwork)")
            return
        } catch ContainerEngineError.engine(status: 404, _) {}
        struct Create: Encodable {
            var name: String
            var `internal` = true
            var checkDuplicate = true
            var labels: [String: String]
            enum CodingKeys: String, CodingKey {
                case name = "Name"
                case `internal` = "Internal"
                case checkDuplicate = "CheckDuplicate"
                case labels = "Labels"
            }
        }
        let body = Create(name: Self.isolatedNetwork, labels: [ContainerLabels.managed: "true"])
        do {
            _ = try await http.call(.POST, "/networks/create", body: try JSONEncoder().encode(body))
        } catch ContainerEngineError.engine(status: 409, _) {
            return
        }
    }
}
