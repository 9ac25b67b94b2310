import AsyncHTTPClient
import Foundation
import HiveKeepAuth
import HiveKeepCore
import HiveKeepProxy
import HiveKeepRuntime
import HiveKeepStore
import HiveKeepWorkloads
import Logging
import Sodium

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `hivekeep proxy-runner NAME` does: serve the workload's MCP endpoint on its port and keep its server running.
///
/// For a local command it installs the package (`uvx://`, `npx://`), starts the server (under bubblewrap when the
/// workload asks for a sandbox) with an environment built from an allowlist, its variables and its secrets, and
/// restarts it with backoff when it dies; after too many failures in a row the workload goes to `error`. A remote
/// workload is only reverse-proxied. The runner writes every status change itself, and adds the workload to its
/// group's clients once it runs and removes it when it stops. It returns when its task is cancelled (SIGTERM).
public struct ProxyRunner: Sendable {
    let name: String
    let paths: HiveKeepPaths
    let environment: EnvironmentValues
    let logger: Logger
    let settings: RunnerSettings
    let statuses: StatusStore
    let files: WorkloadPaths
    let metrics: RunnerMetrics

    public init(name: String, paths: HiveKeepPaths, environment: EnvironmentValues, logger: Logger) {
        self.name = name
        self.paths = paths
        self.environment = environment
        self.logger = logger
        self.settings = RunnerSettings(environment: environment)
        self.statuses = StatusStore(paths: paths)
        self.files = WorkloadPaths(paths)
        self.metrics = RunnerMetrics(name: name, paths: paths)
    }

    /// Runs the workload until cancelled or until its server fails for good; returns the process exit code.
    public func run(secrets: SecretEnvironment) async -> Int32 {
        let config: RunConfig
        do {
            config = try RunConfigStore(paths: paths).load(name)
            guard try setOwnStatus(.starting, port: config.port) else {
                logger.info(
                    "the workload is being stopped or removed; not starting", metadata: ["workload.name": "\(name)"])
                return 0
            }
        } catch {
            logger.error("cannot load the workload", metadata: ["workload.name": "\(name)", "error": "\(error)"])
            return 1
        }
        let outcome: Result<Void, any Error>
        do {
            // Both logs are written by descriptors; RotatingLog keeps them under their cap while the runner runs.
            let rotation = (try? RotatingLog.configuredRotation(environment.values)) ?? RotatingLog.standardRotation
            let logs = [files.proxyLog(name), files.serverLog(name)].map { RotatingLog(path: $0, rotation: rotation) }
            try await RotatingLog.watching(logs) {
                try await metrics.publishing(logger: logger) { try await self.serve(config, secrets: secrets) }
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        await finish(config, outcome: outcome)
        if case .failure = outcome { return 1 }
        return 0
    }

    /// Leaves a status that says why the runner ended, and takes the workload out of its clients' files.
    private func finish(_ config: RunConfig, outcome: Result<Void, any Error>) async {
        let pid = getpid()
        _ = try? statuses.update(name) { current in
            guard var record = current, record.processID == pid || record.processID == 0 else { return current }
            switch outcome {
            case .success:
                if [.running, .starting, .unhealthy].contains(record.status) {
                    record.status = .stopped
                    record.statusContext = nil
                }
            case .failure(let error):
                if ![.stopping, .removing].contains(record.status) {
                    record.status = .error
                    record.statusContext = "\(error)"
                }
            }
            record.processID = 0
            return record
        }
        await ClientEntries(paths: paths, environment: environment, logger: logger).remove(config)
        logger.info("runner finished", metadata: ["workload.name": "\(name)"])
    }

    /// The proxy's configuration: tool policy, authentication (the workload's token, read from its file now and
    /// re-read at most once a second, see ``ProxyTokenSource``; or none on the explicit opt-out) and, for a remote
    /// workload, the upstream headers, their secret values taken out of `secrets` (they are no child's
    /// environment).
    func proxyConfiguration(_ config: RunConfig, secrets: SecretEnvironment) throws -> MCPProxyConfiguration {
        let overrides = config.toolsOverride.mapValues { ToolOverride(name: $0.name, description: $0.description) }
        let policy = ToolPolicy(allowed: config.toolsFilter.isEmpty ? nil : config.toolsFilter, overrides: overrides)
        return MCPProxyConfiguration(
            host: config.host, port: config.port, serverName: name, authentication: try authentication(config),
            upstreamHeaders: try upstreamHeaders(config, secrets: secrets), toolPolicy: policy)
    }

    private func authentication(_ config: RunConfig) throws -> ProxyAuthentication {
        if config.proxyAuth == "none" {
            logger.warning(
                "the workload's proxy serves MCP clients WITHOUT authentication (proxy_auth none): any local user or process can use it",
                metadata: ["workload.name": "\(name)"])
            return .disabled
        }
        let file = TokenFile.proxyToken(paths: paths, workload: name)
        try file.ensure()
        var oidc: ProxyAuthentication.OIDC?
        if let settings = try RemoteAuthPolicy.settings(config.oidcConfig) {
            // The same verifier as the API's; a role is not needed on a proxy, a valid token is enough.
            let verifier = JWTVerifier(settings: settings, httpClient: .shared, logger: logger)
            oidc = ProxyAuthentication.OIDC(issuer: settings.issuer, verifier: verifier)
            logger.info(
                "the proxy also accepts JWTs of the workload's OIDC issuer",
                metadata: ["workload.name": "\(name)", "oidc.issuer": "\(settings.issuer)"])
        }
        return .required(token: try ProxyTokenSource(file: file), oidc: oidc)
    }

    private func upstreamHeaders(_ config: RunConfig, secrets: SecretEnvironment) throws -> [String: String] {
        var headers: [String: String] = [:]
        for (index, header) in try UpstreamCredentials(config: config).headers.enumerated() {
            switch header.value {
            case .plain(let value):
                headers[header.name] = value
            case .secret, .bearer:
                let handover = UpstreamCredentials.secretName(index: index)
                guard let value = secrets.value(handover) else {
                    throw HiveKeepError.invalid("the secret of upstream header \(header.name) was not handed over")
                }
                secrets.remove(handover)
                let text = value.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
                if case .bearer = header.value {
                    headers[header.name] = "Bearer " + text
                } else {
                    headers[header.name] = text
                }
            }
        }
        return headers
    }

    func markRunning(_ config: RunConfig, addedToClients: inout Bool) async throws {
        guard try setOwnStatus(.running, port: config.port) else { return }
        guard !addedToClients else { return }
        addedToClients = true
        await ClientEntries(paths: paths, environment: environment, logger: logger).add(config)
    }

    /// Sets the workload's status only while this runner owns it: the record exists (a delete removes it and must
    /// not see it come back), names this process (or no process yet), and is not `stopping` or `removing` (the
    /// service's word wins; its SIGTERM follows). Returns whether the status was written.
    @discardableResult
    func setOwnStatus(_ status: WorkloadStatus, context: String? = nil, port: Int? = nil) throws -> Bool {
        let pid = getpid()
        var written = false
        try statuses.update(name) { current in
            guard var record = current, record.processID == pid || record.processID == 0,
                ![.stopping, .removing].contains(record.status)
            else { return current }
            record.status = status
            record.statusContext = context
            record.processID = pid
            if let port { record.port = port }
            written = true
            return record
        }
        return written
    }
}
