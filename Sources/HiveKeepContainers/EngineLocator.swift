import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A container engine's Unix socket and where HiveKeep found it.
public struct EngineEndpoint: Sendable, Hashable {
    /// Where a socket path came from, in the order ``EngineLocator`` looks.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        case dockerHost = "$DOCKER_HOST"
        case configuration = "config.yaml container_runtime.socket"
        case rootlessPodman = "rootless Podman"
        case systemPodman = "system Podman"
        case docker = "Docker"
    }

    public var socketPath: String
    public var source: Source

    public init(socketPath: String, source: Source) {
        self.socketPath = socketPath
        self.source = source
    }

    /// `unix:///path (source)`, for start-up logs and status commands.
    public var description: String { "unix://\(socketPath) (\(source.rawValue))" }
}

/// Finds the container engine's socket: `$DOCKER_HOST` (`unix://` only), the configured socket, the user's rootless
/// Podman socket, the system Podman socket, then Docker's; the first that answers `GET /_ping` wins.
///
/// A `$DOCKER_HOST` with another scheme is refused at once (HiveKeep speaks to local sockets only); a candidate that
/// does not answer is skipped and named in ``ContainerEngineError/unavailable(lookedFor:)`` when none answers.
public struct EngineLocator: Sendable {
    public var environment: [String: String]
    public var configuredSocket: String?
    /// The system-wide candidates (overridable for tests).
    public var systemPodmanSocket = "/run/podman/podman.sock"
    public var dockerSocket = "/var/run/docker.sock"
    /// How long one socket has to answer its ping.
    public var pingTimeout: Duration = .seconds(3)

    /// - Parameters:
    ///   - environment: where `DOCKER_HOST` and `XDG_RUNTIME_DIR` are read.
    ///   - configuredSocket: `container_runtime.socket` from config.yaml (a path or a `unix://` address), if set.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, configuredSocket: String?) {
        self.environment = environment
        self.configuredSocket = configuredSocket
    }

    /// The sockets to try, in order (throws when `$DOCKER_HOST` names something other than a Unix socket).
    public func candidates() throws -> [EngineEndpoint] {
        var found: [EngineEndpoint] = []
        if let host = environment["DOCKER_HOST"], !host.isEmpty {
            found.append(
                EngineEndpoint(socketPath: try Self.socketPath(host, what: "DOCKER_HOST"), source: .dockerHost))
        }
        if let configured = configuredSocket, !configured.isEmpty {
            let path = try Self.socketPath(configured, what: "container_runtime.socket")
            found.append(EngineEndpoint(socketPath: path, source: .configuration))
        }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            found.append(EngineEndpoint(socketPath: runtime + "/podman/podman.sock", source: .rootlessPodman))
        }
        found.append(EngineEndpoint(socketPath: systemPodmanSocket, source: .systemPodman))
        found.append(EngineEndpoint(socketPath: dockerSocket, source: .docker))
        return found
    }

    /// The first candidate whose socket answers `/_ping`.
    public func locate() async throws -> EngineEndpoint {
        var lookedFor: [String] = []
        for candidate in try candidates() {
            if await Self.answers(socketPath: candidate.socketPath, timeout: pingTimeout) {
                return candidate
            }
            lookedFor.append(candidate.description)
        }
        throw ContainerEngineError.unavailable(lookedFor: lookedFor)
    }

    /// Whether an engine answers `GET /_ping` with 200 on `socketPath`.
    public static func answers(socketPath: String, timeout: Duration) async -> Bool {
        guard FileManager.default.fileExists(atPath: socketPath) else { return false }
        let reply = try? await EngineHTTP(socketPath: socketPath, prefix: "").call(.GET, "/_ping", timeout: timeout)
        return reply?.status == 200
    }

    /// The path of a `unix://` address or a bare absolute path; any other scheme is refused (without echoing the
    /// address, which might carry credentials).
    static func socketPath(_ address: String, what: String) throws -> String {
        var path = address
        if address.contains("://") {
            guard address.hasPrefix("unix://") else {
                let scheme = address.prefix(while: { $0 != ":" })
                throw ContainerEngineError.unavailable(lookedFor: [
                    "\(what) (\(scheme)://…): only unix:// sockets are supported"
                ])
            }
            path = String(address.dropFirst("unix://".count))
        }
        guard path.hasPrefix("/") else {
            throw ContainerEngineError.unavailable(lookedFor: ["\(what) (\(path)): not an absolute socket path"])
        }
        return path
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
