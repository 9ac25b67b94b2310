import Foundation
import HiveKeepCore
import HiveKeepProxy
import HiveKeepRuntime
import HiveKeepWorkloads
import Logging

/// Serving: the proxy on the workload's port, and beside it the supervised server (or nothing, for a remote).
extension ProxyRunner {
    func serve(_ config: RunConfig, secrets: SecretEnvironment) async throws {
        let proxy = try proxyConfiguration(config, secrets: secrets)
        if let remote = config.remoteURL, !remote.isEmpty {
            guard let target = URL(string: remote) else { throw HiveKeepError.invalid("invalid remote URL") }
            let server = MCPProxyServer.reverse(target: target, configuration: proxy, logger: logger)
            let (listening, continuation) = AsyncStream<Int>.makeStream()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { continuation.finish() }
                    try await serveUntilCancelled(server, config: config) { continuation.yield($0) }
                }
                group.addTask {
                    for await _ in listening {
                        var added = false
                        try await markRunning(config, addedToClients: &added)
                        return
                    }
                }
                try await group.waitForAll()
            }
            return
        }
        let command = try await preparedCommand(config)
        let environment = try ChildEnvironment(
            parent: environment.values, variables: config.envVars, secrets: secrets)
        if config.transport == "stdio" {
            let bridge = StdioBridge(configuration: proxy, logger: logger)
            let server = MCPProxyServer.stdio(bridge: bridge, configuration: proxy, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await serveUntilCancelled(server, config: config) { _ in } }
                group.addTask {
                    try await supervise(command, environment: environment, config: config) { child in
                        guard let input = child.stdinWriter, let output = child.stdoutReader else {
                            throw HiveKeepError(.internalError, "the server's pipes are missing")
                        }
                        try await bridge.attach(writingTo: input, readingFrom: output, timeout: settings.startTimeout)
                    } detach: { reason in
                        await bridge.detach(reason: reason)
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } else {
            guard let port = config.targetPort, let target = URL(string: "http://127.0.0.1:\(port)") else {
                throw HiveKeepError.invalid("a \(config.transport) server needs a target port")
            }
            let server = MCPProxyServer.reverse(target: target, configuration: proxy, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await serveUntilCancelled(server, config: config) { _ in } }
                group.addTask {
                    try await supervise(command, environment: environment, config: config) { _ in
                        try await TargetPort.waitUntilAccepting(port: port, timeout: settings.startTimeout)
                    } detach: { _ in
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// Runs `server` until the task is cancelled; a bind failure ends the runner with a clear error.
    private func serveUntilCancelled(
        _ server: MCPProxyServer, config: RunConfig, onListening: @escaping @Sendable (Int) -> Void
    ) async throws {
        do {
            try await server.run(onListening: onListening)
        } catch is CancellationError {
            return
        } catch {
            throw HiveKeepError(
                .unavailable, "cannot serve the workload on \(config.host):\(config.port): \(error)", cause: error)
        }
    }

    /// The command to run: the package installed first (`uvx://`, `npx://`), then wrapped in bubblewrap when the
    /// workload's profile or network isolation asks for a sandbox. The sandbox is checked before anything is
    /// installed. Installer lines reach the log and the status context with their credentials masked (the installer
    /// masks them).
    func preparedCommand(_ config: RunConfig) async throws -> PreparedCommand {
        guard let command = try WorkloadCommand(image: config.image) else {
            throw HiveKeepError.invalid("no container runtime configured for image \(config.image)")
        }
        let installer = PackageInstaller(
            toolsDirectory: files.toolsDirectory, uvExecutable: environment["HIVEKEEP_UV"],
            environment: environment.values,
            logger: logger)
        let policy = try sandboxPolicy(config, command: command, installer: installer)
        let bubblewrap = policy.isEnabled ? try Sandbox.locateBubblewrap(environment: environment.values) : nil
        let statuses = statuses
        let name = name
        let logger = logger
        let prepared = try await installer.prepare(command) { line in
            logger.info("\(line)", metadata: ["workload.name": "\(name)"])
            _ = try? statuses.update(name) { current in
                guard var record = current, record.status == .starting else { return current }
                record.statusContext = String(line.prefix(200))
                return record
            }
        }.appending(arguments: config.cmdArgs)
        guard let bubblewrap else { return prepared }
        return Sandbox.wrap(prepared, policy: policy, bubblewrap: bubblewrap)
    }

    /// The sandbox of `config`: the profile's paths (an entry that cannot be bound ends the runner with an error
    /// rather than a weaker sandbox) and the directory of the program it runs, read-only.
    private func sandboxPolicy(_ config: RunConfig, command: WorkloadCommand, installer: PackageInstaller) throws
        -> SandboxPolicy
    {
        var policy = try SandboxProfile.policy(
            for: config.permissionProfile, isolateNetwork: config.isolateNetwork == true)
        guard policy.isEnabled else { return policy }
        switch command {
        case .exec(let path): policy.readPaths.append((path as NSString).deletingLastPathComponent)
        case .uvx, .npx: policy.readPaths.append(installer.installDirectory(for: command))
        }
        return policy
    }
}
