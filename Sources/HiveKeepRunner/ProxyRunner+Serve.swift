import Foundation
import HiveKeepCore
import HiveKeepProxy
import HiveKeepRuntime
import HiveKeepWorkloads
import Logging

/// Serving: the proxy on the workload's port, and beside it the supervised server (or nothing, for a remote).
extension ProxyRunner {
    func serve(_ config: RunConfig, secrets: SecretEnvironment) async throws {
        var proxy = try proxyConfiguration(config, secrets: secrets)
        proxy.metrics = metrics.proxy
        if let remote = config.remoteURL, !remote.isEmpty {
            guard let target = URL(string: remote) else { throw HiveKeepError.invalid("invalid remote URL") }
            // A workload that signs in is `running` once it holds a token; until then the proxy answers 503.
            let signIn = try upstreamSignIn(config, secrets: secrets)
            proxy.upstreamAuthorizer = signIn ?? UpstreamStatusReporter(report: statusReport())
            let server = MCPProxyServer.reverse(target: target, configuration: proxy, logger: logger)
            let (listening, continuation) = AsyncStream<Int>.makeStream()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { continuation.finish() }
                    try await serveUntilCancelled(server, config: config) { continuation.yield($0) }
                }
                group.addTask {
                    for await _ in listening {
                        guard let signIn else {
                            var added = false
                            try await markRunning(config, addedToClients: &added)
                            return
                        }
                        try await signIn.run {
                            var added = false
                            try await markRunning(config, addedToClients: &added)
                        }
                        return
                    }
                }
                // The first failure (of the proxy or of the sign-in) ends both.
                while try await group.next() != nil {}
            }
            return
        }
        if ContainerWorkload.isContainer(config) {
            try await serveContainer(config, secrets: secrets, proxy: proxy)
            return
        }
        let (command, environment, pasta) = try await preparedCommand(config, secrets: secrets)
        let network = pasta.map(NetworkConnector.init)
        if config.transport == "stdio" {
            let bridge = StdioBridge(configuration: proxy, logger: logger)
            let server = MCPProxyServer.stdio(bridge: bridge, configuration: proxy, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await serveUntilCancelled(server, config: config) { _ in } }
                group.addTask {
                    try await supervise(command, environment: environment, config: config) { child in
                        if let network { try await network.connect(child.pid, forwarding: nil) }
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
                    try await supervise(command, environment: environment, config: config) { child in
                        if let network {
                            try await network.connect(child.pid, forwarding: port)
                            try await SandboxNetwork.waitUntilListening(
                                sandboxOf: child.pid, port: port, timeout: settings.startTimeout)
                        }
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

    /// The command to run and its environment: the package installed first (`uvx://`, `npx://`), then wrapped in
    /// bubblewrap with the environment moved inside the sandbox (``Sandbox/wrap(_:environment:policy:bubblewrap:)``).
    /// Every local command is sandboxed but an `exec://` one whose run config says `sandbox: "none"`. bubblewrap is
    /// looked for before anything is installed, and the install runs sandboxed too. Loader variables are refused unless the run config allows them.
    /// Installer lines reach the log and the status context with their credentials masked (the installer masks
    /// them).
    /// The third value is pasta's path when the sandbox's network must be connected after each spawn.
    func preparedCommand(_ config: RunConfig, secrets: SecretEnvironment) async throws -> (
        PreparedCommand, ChildEnvironment, String?
    ) {
        guard let command = try WorkloadCommand(image: config.image) else {
            throw HiveKeepError.invalid("no container runtime configured for image \(config.image)")
        }
        if config.allowLoaderEnv != true {
            try LoaderVariables.refuse(Array(config.envVars.keys) + secrets.names)
        }
        var policy = try SandboxProfile.policy(
            for: config.permissionProfile, isolateNetwork: config.isolateNetwork == true)
        if case .exec = command, config.sandbox == "none" { policy = .none }
        let bubblewrap = policy.isEnabled ? try Sandbox.locateBubblewrap(environment: environment.values) : nil
        let pasta = bubblewrap != nil ? try SandboxNetwork.locatePasta(environment: environment.values) : nil
        if !policy.isolateNetwork { policy.pasta = pasta }
        let installer = PackageInstaller(
            toolsDirectory: files.toolsDirectory, uvExecutable: environment["HIVEKEEP_UV"],
            environment: environment.values, logger: logger, bubblewrap: bubblewrap, pasta: pasta,
            allowInstallScripts: config.allowInstallScripts == true)
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
        let childEnvironment = try ChildEnvironment(
            parent: environment.values, variables: config.envVars, secrets: secrets)
        guard let bubblewrap else { return (prepared, childEnvironment, nil) }
        policy.programPaths = installer.programPaths(for: command, executable: prepared.executable)
        try policy.validate()
        let (wrapped, outer) = try Sandbox.wrap(
            prepared, environment: childEnvironment, policy: policy, bubblewrap: bubblewrap)
        return (wrapped, outer, policy.pasta)
    }
}

/// Connects the network of each new sandbox through pasta (``SandboxNetwork``).
private struct NetworkConnector: Sendable {
    let pasta: String

    func connect(_ bubblewrapPID: Int32, forwarding port: Int?) async throws {
        try await SandboxNetwork.connect(sandboxOf: bubblewrapPID, pasta: pasta, forwarding: port)
    }
}
