import Foundation
import HiveKeepContainers
import HiveKeepCore
import HiveKeepProxy
import HiveKeepRuntime
import HiveKeepWorkloads
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serving a container workload: the image pulled when missing, then the container created, started and watched
/// like a process server (restart with backoff on exit, the same statuses), and stopped and removed when the runner
/// stops. A stdio container is attached to the proxy's bridge; an HTTP one publishes its target port on 127.0.0.1 at
/// a port the runner chooses once, which the proxy reverse-proxies to.
extension ProxyRunner {
    func serveContainer(_ config: RunConfig, secrets: SecretEnvironment, proxy: MCPProxyConfiguration) async throws {
        // The registry password is for the pull only: taken out before the container's environment is built.
        let registryPassword = secrets.value(RegistryAuth.passwordHandover)
        secrets.remove(RegistryAuth.passwordHandover)
        let engine = try await ContainerEngineSource.standard(environment: environment.values).engine()
        let environment = ContainerWorkload.environment(config, secrets: secrets)
        // Checked now: a bad limit ends the runner with a clear error before anything is pulled.
        _ = try ContainerWorkload.spec(
            config, environment: [:], hostPort: nil, settings: self.environment.values, instance: instance)
        try await removeLeftovers(engine)
        try await pullIfMissing(engine, image: config.image, registryPassword: registryPassword)
        if config.transport == "stdio" {
            let bridge = StdioBridge(configuration: proxy, logger: logger)
            let server = MCPProxyServer.stdio(bridge: bridge, configuration: proxy, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await serveProxy(server, config: config) }
                group.addTask {
                    try await superviseContainer(engine, config: config, environment: environment, hostPort: nil) {
                        id in
                        let streams = try await engine.attach(id: id, stderrLog: files.serverLog(name))
                        do {
                            try await engine.start(id: id)
                        } catch {
                            streams.close()
                            close(streams.socket)
                            throw error
                        }
                        // The bridge takes the socket over and closes it; `close()` at the end of the run only shuts
                        // the engine connection down. Frames are split on the bridge's event loop.
                        try await bridge.attach(
                            socket: streams.socket, framing: { streams.makeDemultiplexer() },
                            timeout: settings.startTimeout)
                        return streams
                    } detach: { reason in
                        await bridge.detach(reason: reason)
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } else {
            let hostPort = try PortAllocator.freePort()
            guard let target = URL(string: "http://127.0.0.1:\(hostPort)") else {
                throw HiveKeepError(.internalError, "no target URL")
            }
            let server = MCPProxyServer.reverse(target: target, configuration: proxy, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await serveProxy(server, config: config) }
                group.addTask {
                    try await superviseContainer(
                        engine, config: config, environment: environment, hostPort: hostPort
                    ) { id in
                        try await engine.start(id: id)
                        try await TargetPort.waitUntilAnswering(port: hostPort, timeout: settings.startTimeout)
                        return nil
                    } detach: { _ in
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// This installation's identity at the engine (``ContainerWorkload/instance(_:)``).
    var instance: String { ContainerWorkload.instance(paths) }

    private func serveProxy(_ server: MCPProxyServer, config: RunConfig) async throws {
        do {
            try await server.run(onListening: { _ in })
        } catch is CancellationError {
            return
        } catch {
            throw HiveKeepError(
                .unavailable, "cannot serve the workload on \(config.host):\(config.port): \(error)", cause: error)
        }
    }

    /// Removes the containers a runner of this workload left (killed before it could remove them).
    private func removeLeftovers(_ engine: any ContainerEngine) async throws {
        for container in try await engine.list(workload: name) where ContainerWorkload.belongs(container, to: instance)
        {
            logger.info(
                "removing a container a previous runner left",
                metadata: ["workload.name": "\(name)", "container.id": "\(container.id)"])
            try await engine.remove(id: container.id)
        }
    }
}
