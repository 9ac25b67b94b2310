import Foundation
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepRuntime

/// Turns a create or edit request into a run configuration, applying the reference's rules and defaults in order,
/// and refusing with a 400 (or a 404 for an unknown group) before anything is saved.
struct WorkloadBuilder {
    /// The loopback names a proxy may bind to until the API has authentication.
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1"]

    var request: WorkloadRequest
    var name: String
    /// The registry entry `image` names, when it names one.
    var entry: RegistryEntry?
    /// The port the workload holds now (edit), which counts as available for itself.
    var currentPort: Int?
    /// Ports held by other workloads, never handed out.
    var reservedPorts: Set<Int>
    /// Whether bubblewrap can be found, for workloads that need a sandbox.
    var bubblewrapAvailable: Bool = true

    func build() throws -> WorkloadPlan {
        var config = RunConfig()
        config.name = name
        config.baseName = name
        config.containerName = name
        config.group = nonEmpty(request.group) ?? "default"
        config.host = try host()
        config.proxyAuth = try Self.proxyAuth(request.proxyAuth, host: config.host)
        config.trustProxyHeaders = request.trustProxyHeaders
        try RemoteAuthPolicy.checkOIDC(request.oidc)
        config.oidcConfig = WorkloadDefinition.oidc(from: request.oidc)
        if nonEmpty(request.authzConfig) != nil {
            throw HiveKeepError.invalid("authz_config is not supported yet: HiveKeep has no authorization policies")
        }
        var plan = WorkloadPlan(config: config)
        try applySource(to: &plan.config)
        config = plan.config
        if config.remoteURL == nil {
            if RemoteAuthPolicy.isSet(request.oauthConfig) || RemoteAuthPolicy.isSet(request.headers) {
                throw HiveKeepError.invalid("oauth_config and headers apply to remote (url) workloads only")
            }
        } else {
            _ = try UpstreamCredentials(config: config)
        }
        config.proxyMode = config.transport == "stdio" ? try proxyMode() : nil
        config.port = try proxyPort()
        if config.transport != "stdio", config.remoteURL == nil {
            config.targetPort = try targetPort(container: Self.isContainer(config))
            config.targetHost = "127.0.0.1"
        }
        try applyTools(to: &config)
        try applyEnvironment(to: &config, pending: &plan.secretsToStore)
        moveHeaderValues(in: &config, pending: &plan.secretsToStore)
        moveCredentials(in: &config, pending: &plan.secretsToStore)
        try applyPermissions(to: &config)
        config.containerLabels = labels(for: config)
        plan.config = config
        return plan
    }

    private func host() throws -> String {
        let host = nonEmpty(request.host) ?? "127.0.0.1"
        guard Self.loopbackHosts.contains(host) else {
            throw HiveKeepError.invalid(
                "host \(host) is not a loopback address: a workload's proxy binds to loopback only until the API has "
                    + "authentication")
        }
        return host
    }

    /// The stored `proxy_auth`: nil for the default (token), `none` for the explicit opt-out, which only a loopback
    /// proxy may take.
    static func proxyAuth(_ text: String?, host: String) throws -> String? {
        switch text {
        case nil, "", "token": return nil
        case "none":
            guard loopbackHosts.contains(host) else {
                throw HiveKeepError.invalid("proxy_auth none is allowed only for a proxy on a loopback address")
            }
            return "none"
        case let other?:
            throw HiveKeepError.invalid("invalid proxy_auth: \(other) (use token or none)")
        }
    }

    private func proxyMode() throws -> String {
        let mode = nonEmpty(request.proxyMode) ?? "streamable-http"
        guard mode == "sse" || mode == "streamable-http" else {
            throw HiveKeepError.invalid("invalid proxy_mode: \(mode) (use sse or streamable-http)")
        }
        return mode
    }

    private func proxyPort() throws -> Int {
        guard let requested = request.proxyPort, requested != 0 else {
            if let currentPort, currentPort != 0 { return currentPort }
            return try PortAllocator.freePort(excluding: reservedPorts)
        }
        guard (1...65535).contains(requested) else {
            throw HiveKeepError.invalid("proxy_port \(requested) is outside 1-65535")
        }
        if requested == currentPort { return requested }
        guard !reservedPorts.contains(requested), PortAllocator.isAvailable(requested) else {
            throw HiveKeepError.invalid("requested proxy port \(requested) is not available")
        }
        return requested
    }

    private func targetPort(container: Bool) throws -> Int {
        if container {
            // The port inside the container: any the server is told (MCP_PORT); the host port is the runner's choice.
            if let requested = request.targetPort, requested != 0 {
                guard (1...65535).contains(requested) else {
                    throw HiveKeepError.invalid("target_port \(requested) is outside 1-65535")
                }
                return requested
            }
            if case .image(let server) = entry, let port = server.targetPort, port != 0 { return port }
            return 8080
        }
        if let requested = request.targetPort, requested != 0, !reservedPorts.contains(requested),
            PortAllocator.isAvailable(requested)
        {
            return requested
        }
        if case .image(let server) = entry, let port = server.targetPort, port != 0, !reservedPorts.contains(port),
            PortAllocator.isAvailable(port)
        {
            return port
        }
        return try PortAllocator.freePort(excluding: reservedPorts)
    }

    static func transport(_ text: String?, default fallback: String) throws -> String {
        let transport = (text.flatMap { $0.isEmpty ? nil : $0 } ?? fallback).lowercased()
        guard ["stdio", "sse", "streamable-http"].contains(transport) else {
            throw HiveKeepError.invalid("invalid transport mode: \(text ?? "") (use stdio, sse or streamable-http)")
        }
        return transport
    }

    private func labels(for config: RunConfig) -> [String: String] {
        [
            "toolhive": "true", "toolhive-name": name, "toolhive-basename": name,
            "toolhive-transport": config.transport, "toolhive-port": String(config.port),
        ]
    }

    func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
