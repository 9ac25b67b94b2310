import Foundation
import Logging
import NIOHTTP1

extension DockerEngine {
    /// Creates the container (not started) named `spec.name`. The environment travels in this request only and is
    /// never logged.
    public func create(_ spec: ContainerSpec) async throws -> String {
        let body = try DockerCreateRequest(spec: spec)
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
}
