import Foundation
import HiveKeepContainers
import HiveKeepCore
import HiveKeepStore
import Yams

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
        case .unauthorized(let image, let message):
            return HiveKeepError(
                .unavailable, "the registry refused to give \(image) without valid credentials: \(message)",
                cause: error)
        case .notOurs(let id):
            return HiveKeepError(.conflict, "container \(id) was not created by HiveKeep: not touched", cause: error)
        }
    }
}

extension ContainerEngineSource {
    /// The engine the engine layer's ``EngineLocator`` finds from `environment`: `DOCKER_HOST` (`unix://` only),
    /// `container_runtime.socket` in config.yaml, the rootless Podman socket, the system Podman socket, Docker's
    /// socket; the first that answers its ping, connected (its `/version` read).
    public static func standard(environment: [String: String]) -> ContainerEngineSource {
        ContainerEngineSource {
            try await DockerEngine.connect(to: try await locate(environment: environment))
        }
    }

    /// Where the engine is, or ``ContainerEngineError/unavailable(lookedFor:)``.
    public static func locate(environment: [String: String]) async throws -> EngineEndpoint {
        let locator = EngineLocator(environment: environment, configuredSocket: configuredSocket(environment))
        return try await locator.locate()
    }

    /// One line for `serve`'s start-up log and `doctor`: which engine answers where, or why none does.
    public static func statusLine(environment: [String: String]) async -> (found: Bool, text: String) {
        do {
            let endpoint = try await locate(environment: environment)
            let engine = try await DockerEngine.connect(to: endpoint)
            let info = engine.engineInfo
            return (true, "\(info.product) \(info.version) (API \(info.apiVersion)) at \(endpoint.description)")
        } catch let error as ContainerEngineError {
            return (false, describe(error).message)
        } catch {
            return (false, "the container engine did not answer: \(error)")
        }
    }

    /// `container_runtime.socket` from config.yaml, when set.
    static func configuredSocket(_ environment: [String: String]) -> String? {
        guard let paths = try? HiveKeepPaths(environment: EnvironmentValues(environment)),
            let text = try? String(contentsOfFile: paths.configFile, encoding: .utf8),
            let document = try? Yams.load(yaml: text) as? [String: Any],
            let runtime = document["container_runtime"] as? [String: Any]
        else { return nil }
        return runtime["socket"] as? String
    }
}
