import Foundation
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension WorkloadBuilder {
    /// Sets what the workload runs: a remote URL, a package or local command, or the registry entry `image` names.
    func applySource(to config: inout RunConfig) throws {
        if let url = nonEmpty(request.url) {
            try applyRemote(url: url, to: &config)
            return
        }
        guard let image = nonEmpty(request.image) else {
            throw HiveKeepError.invalid("either 'image' or 'url' field is required")
        }
        switch entry {
        case .image(let server):
            try checkRunnable(server.image)
            config.image = server.image
            config.transport = try Self.transport(request.transport, default: server.base.transport)
            config.cmdArgs = request.cmdArguments.flatMap { $0.isEmpty ? nil : $0 } ?? server.args ?? []
        case .remote(let server):
            try applyRemote(url: server.url, to: &config)
            config.transport = try Self.transport(request.transport, default: server.base.transport)
        case nil:
            try checkRunnable(image)
            config.image = image
            config.transport = try Self.transport(request.transport, default: "stdio")
            config.cmdArgs = request.cmdArguments ?? []
        }
    }

    private func applyRemote(url: String, to config: inout RunConfig) throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty
        else {
            throw HiveKeepError.invalid("url must be an absolute http or https URL")
        }
        config.remoteURL = url
        config.image = ""
        config.transport = try Self.transport(request.transport, default: "streamable-http")
        guard config.transport != "stdio" else {
            throw HiveKeepError.invalid("a remote workload's transport is sse or streamable-http, not stdio")
        }
        try RemoteAuthPolicy.checkOAuth(request.oauthConfig)
        config.remoteAuthConfig = try RemoteAuthMapping.config(from: request.oauthConfig, headers: request.headers)
    }

    /// Accepts `uvx://`, `npx://` and `exec://` references, and anything else as an OCI image reference (checked
    /// against its grammar; a malformed one is a 400). Whether a container engine answers is the service's check.
    private func checkRunnable(_ image: String) throws {
        let command = try WorkloadCommand(image: image)
        if case .exec(let path)? = command, access(path, X_OK) != 0 {
            throw HiveKeepError.invalid("\(image): there is no executable file at \(path)")
        }
        if command == nil { _ = try ImageReference(parsing: image) }
    }
}
