import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1

/// ``ContainerEngine`` over the Docker Engine API on a Unix socket: Podman's compatible service or Docker's daemon.
///
/// ``connect(to:logger:)`` asks what the engine is (``identify(_:)``: `/_ping`, and `/version` unless the ping says
/// Podman) and fixes the API version every later request is prefixed with: 1.41 (Podman 4's compatible API and Docker
/// 20.10 onwards), or the engine's own minimum when it no longer accepts 1.41.
/// Every operation on a container first checks HiveKeep's ``ContainerLabels/managed`` label
/// (``ContainerEngineError/notOurs(_:)`` otherwise).
public struct DockerEngine: ContainerEngine {
    /// The network mode of an isolated container: no network but its own loopback, so no route out on any engine.
    ///
    /// Not an internal network: Docker gives a container on one a default route to the host's bridge address, and
    /// enforces "internal" with iptables rules on forwarded traffic only, so the host's own addresses stay reachable
    /// (and nothing at all is enforced under `--iptables=false`); Podman's CNI internal network has no route out but
    /// also no way in for a published port. `none` holds on both.
    public static let isolatedNetworkMode = "none"
    /// Applied when a spec sets no memory limit (1 GiB).
    public static let defaultMemoryBytes: Int64 = 1 << 30
    /// Applied when a spec sets no process limit.
    public static let defaultPidsLimit = 512
    /// The API version HiveKeep speaks.
    static let preferredAPIVersion = "1.41"

    public let endpoint: EngineEndpoint
    /// What `/version` said at connect time.
    public let engineInfo: EngineInfo
    let http: EngineHTTP
    let logger: Logger

    /// Asks what the engine is and negotiates the API version.
    public static func connect(
        to endpoint: EngineEndpoint, logger: Logger = Logger(label: "hivekeep.containers")
    ) async throws -> DockerEngine {
        let (info, minimum) = try await identify(EngineHTTP(socketPath: endpoint.socketPath, prefix: ""))
        let chosen = Self.negotiate(engine: info.apiVersion, minimum: minimum)
        var logger = logger
        logger[metadataKey: "engine.socket"] = "\(endpoint.socketPath)"
        logger.info(
            "container engine found",
            metadata: [
                "engine.source": "\(endpoint.source.rawValue)", "engine.product": "\(info.product)",
                "engine.version": "\(info.version)", "engine.api": "\(chosen)",
            ])
        return DockerEngine(
            endpoint: endpoint, engineInfo: info,
            http: EngineHTTP(socketPath: endpoint.socketPath, prefix: "/v" + chosen),
            logger: logger)
    }

    /// What the engine is and the oldest API version it accepts (nil: not said). Podman says everything needed in
    /// its `/_ping` headers (`Libpod-Api-Version`, its version, and `Api-Version`), and its `/version` is slow: it
    /// runs conmon and the OCI runtime to ask their versions (1.1-1.5 s measured here with Podman 4.3, against 1-5 ms
    /// for the ping), which every workload start paid twice (the API's check, then the runner). Podman's compatible
    /// API has accepted every version from 1.24 on (its `MinAPIVersion`) in 4.x and 5.x, so no minimum is needed from
    /// it. Any other engine (Docker answers `/version` in milliseconds) is asked `/version`.
    static func identify(_ unversioned: EngineHTTP) async throws -> (EngineInfo, minimum: String?) {
        let ping = try await unversioned.send(.GET, "/_ping")
        _ = try await ping.body.collect(upTo: 64 * 1024)
        if let podman = ping.headers.first(name: "Libpod-Api-Version"),
            let api = ping.headers.first(name: "Api-Version"), !podman.isEmpty, !api.isEmpty
        {
            return (EngineInfo(product: "podman", version: podman, apiVersion: api), nil)
        }
        let version = try await unversioned.decode(DockerReply.Version.self, .GET, "/version")
        let info = EngineInfo(product: Self.product(version), version: version.version, apiVersion: version.apiVersion)
        return (info, version.minAPIVersion)
    }

    /// `podman` when a component of the version says Podman, otherwise `docker`.
    static func product(_ version: DockerReply.Version) -> String {
        let names = (version.components ?? []).map { $0.name.lowercased() }
        return names.contains { $0.contains("podman") } ? "podman" : "docker"
    }

    /// 1.41 unless the engine is older (its own version) or no longer accepts 1.41 (its minimum).
    static func negotiate(engine: String, minimum: String?) -> String {
        if compare(engine, preferredAPIVersion) < 0 { return engine }
        if let minimum, compare(minimum, preferredAPIVersion) > 0 { return minimum }
        return preferredAPIVersion
    }

    static func compare(_ left: String, _ right: String) -> Int {
        let l = left.split(separator: ".").map { Int($0) ?? 0 }
        let r = right.split(separator: ".").map { Int($0) ?? 0 }
        for index in 0..<max(l.count, r.count) {
            let a = index < l.count ? l[index] : 0
            let b = index < r.count ? r[index] : 0
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }

    /// Asks the engine again (a cheap liveness check as well).
    public func info() async throws -> EngineInfo {
        try await Self.identify(EngineHTTP(socketPath: endpoint.socketPath, prefix: "")).0
    }
}
