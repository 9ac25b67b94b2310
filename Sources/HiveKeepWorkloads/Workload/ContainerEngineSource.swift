import HiveKeepContainers
import HiveKeepCore

/// Where the services and the runner get the container engine from: the engine layer's locator in production
/// (``WorkloadOptions/standard(environment:)``), a test double in unit tests.
public struct ContainerEngineSource: Sendable {
    let locate: @Sendable () async throws -> any ContainerEngine

    /// - Parameter locate: returns the engine, or throws ``ContainerEngineError/unavailable(lookedFor:)``.
    public init(locate: @escaping @Sendable () async throws -> any ContainerEngine) {
        self.locate = locate
    }

    /// The engine; no engine is a 503 that names where HiveKeep looked.
    public func engine() async throws -> any ContainerEngine {
        do {
            return try await locate()
        } catch let error as ContainerEngineError {
            throw Self.describe(error)
        }
    }

    /// A ``ContainerEngineError`` as the one error type the API maps: unavailable is a 503, a refused create a 400.
    public static func describe(_ error: ContainerEngineError) -> HiveKeepError {
        switch error {
        case .unavailable(let lookedFor):
            let places = lookedFor.isEmpty ? "nowhere configured" : lookedFor.joined(separator: ", ")
            return HiveKeepError(
                .unavailable,
                "no container engine found (looked for \(places)): start Podman's API service or Docker, or set "
                    + "DOCKER_HOST or container_runtime.socket; workloads that are not images still run",
                cause: error)
        case .engine(let status, let message):
            return HiveKeepError(.unavailable, "the container engine answered \(status): \(message)", cause: error)
        case .imageNotFound(let image):
            return HiveKeepError(
                .unavailable, "the image \(image) is not present and could not be pulled", cause: error)
        case .notOurs(let id):
            return HiveKeepError(.conflict, "container \(id) was not created by HiveKeep: not touched", cause: error)
        }
    }
}

extension ContainerEngineSource {
    /// The engine the engine layer's locator finds from `environment` (`DOCKER_HOST`, then the configured socket,
    /// the rootless and system Podman sockets, Docker's socket).
    public static func standard(environment: [String: String]) -> ContainerEngineSource {
        ContainerEngineSource { throw ContainerEngineError.unavailable(lookedFor: []) }
    }
}
