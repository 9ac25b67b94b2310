import HiveKeepContainers
import HiveKeepCore
import HiveKeepRuntime
import HiveKeepStore
import HiveKeepWorkloads
import Logging

/// Keeping a container alive: create, attach or wait for its port, wait for its exit, remove it, back off, create
/// it again (with the same environment, handed to the engine again at create). A stop (the task cancelled) stops
/// the container (SIGTERM, SIGKILL after ``stopGrace``) and removes it, in every state.
extension ProxyRunner {
    func superviseContainer(
        _ engine: any ContainerEngine, config: RunConfig, environment: [String: String], hostPort: Int?,
        ready: @Sendable (String) async throws -> (any ContainerStreams)?, detach: @Sendable (String) async -> Void
    ) async throws {
        var tracker = RestartTracker(policy: settings.restart)
        var addedToClients = false
        // The read-only root is dropped (once, said in the log and status) for an image that fails on it, unless
        // HIVEKEEP_CONTAINER_READ_ONLY_ROOT=1 asks for it explicitly.
        var writableRoot = false
        try FileSystem.createDirectory(files.logsDirectory, mode: 0o700)
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let (reason, refusedReadOnlyRoot) = await runContainerOnce(
                engine, config: config, environment: environment, hostPort: hostPort, writableRoot: writableRoot
            ) { id in
                let streams = try await ready(id)
                try await markRunning(config, addedToClients: &addedToClients)
                return streams
            }
            await detach(reason)
            if Task.isCancelled { return }
            if refusedReadOnlyRoot, !writableRoot, self.environment["HIVEKEEP_CONTAINER_READ_ONLY_ROOT"] != "1" {
                writableRoot = true
                let context = "the image cannot run with a read-only root filesystem: starting it with a writable root"
                logger.warning("\(context)", metadata: ["workload.name": "\(name)", "image": "\(config.image)"])
                try setOwnStatus(.starting, context: context)
                continue
            }
            guard let delay = tracker.recordExit(runDuration: ContinuousClock.now - started) else {
                throw HiveKeepError(
                    .unavailable,
                    "the MCP server's container failed \(tracker.consecutiveFailures) times in a row; last: \(reason)")
            }
            logger.warning(
                "MCP server container stopped; restarting",
                metadata: ["workload.name": "\(name)", "reason": "\(reason)", "delay": "\(delay)"])
            try setOwnStatus(.starting, context: "\(reason); restarting")
            do { try await Task.sleep(for: delay) } catch { return }
        }
    }

    /// Creates and runs the container once; returns why it ended and whether it failed on its read-only root
    /// (``ReadOnlyRoot/refused(exitCode:logs:)``). The container is removed in every case.
    private func runContainerOnce(
        _ engine: any ContainerEngine, config: RunConfig, environment: [String: String], hostPort: Int?,
        writableRoot: Bool, ready: (String) async throws -> (any ContainerStreams)?
    ) async -> (String, Bool) {
        let id: String
        let readOnlyRoot: Bool
        let outputStart: Int?
        do {
            var spec = try ContainerWorkload.spec(
                config, environment: environment, hostPort: hostPort, settings: self.environment.values,
                instance: instance)
            if writableRoot { spec.readOnlyRootFilesystem = false }
            readOnlyRoot = spec.readOnlyRootFilesystem
            outputStart = containerOutputStart(config)
            id = try await engine.create(spec)
        } catch {
            return ("cannot create the container: \(Self.describe(error))", false)
        }
        logger.info("MCP server container created", metadata: ["workload.name": "\(name)", "container.id": "\(id)"])
        let grace = stopGrace
        let logger = logger
        // Stops and removes the container outside the cancelled task, so that the engine calls are not cancelled.
        let end: @Sendable () async -> Void = {
            await Task {
                do { try await engine.stop(id: id, grace: grace) } catch {}
                do {
                    try await engine.remove(id: id)
                } catch {
                    logger.warning(
                        "cannot remove the container", metadata: ["container.id": "\(id)", "error": "\(error)"])
                }
            }.value
        }
        var streams: (any ContainerStreams)?
        do {
            streams = try await withTaskCancellationHandler {
                try await ready(id)
            } onCancel: {
                Task { try? await engine.stop(id: id, grace: grace) }
            }
        } catch {
            let refused =
                readOnlyRoot && !Task.isCancelled
                ? await failedOnReadOnlyRoot(engine, id: id, outputStart: outputStart) : false
            await end()
            return ("the MCP server's container did not start: \(Self.describe(error))", refused)
        }
        let outcome: String
        var refused = false
        do {
            let code = try await withTaskCancellationHandler {
                try await engine.wait(id: id)
            } onCancel: {
                Task { try? await engine.stop(id: id, grace: grace) }
            }
            outcome = "the MCP server's container exited with code \(code)"
            if readOnlyRoot, !Task.isCancelled {
                await drain(streams)
                if let logs = await containerOutput(engine, id: id, since: outputStart) {
                    refused = ReadOnlyRoot.refused(exitCode: code, logs: logs)
                }
            }
        } catch {
            outcome = "the MCP server's container could not be watched: \(Self.describe(error))"
        }
        streams?.close()
        await end()
        return (Task.isCancelled ? "stopped" : outcome, refused)
    }

    /// Whether a container that did not get ready exited on a write to its read-only root: its state is read for up
    /// to two seconds (the server may still be exiting), then its exit code and last output
    /// (``containerOutput(_:id:since:)``).
    private func failedOnReadOnlyRoot(_ engine: any ContainerEngine, id: String, outputStart: Int?) async -> Bool {
        for _ in 0..<20 {
            guard let state = try? await engine.inspect(id: id) else { return false }
            if !state.running, let code = state.exitCode, state.status != "created" {
                guard let logs = await containerOutput(engine, id: id, since: outputStart) else { return false }
                return ReadOnlyRoot.refused(exitCode: code, logs: logs)
            }
            do { try await Task.sleep(for: .milliseconds(100)) } catch { return false }
        }
        return false
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? ContainerEngineError { return ContainerEngineSource.describe(error).message }
        return "\(error)"
    }
}
