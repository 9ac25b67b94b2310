import HiveKeepCore
import HiveKeepRuntime
import HiveKeepStore
import HiveKeepWorkloads
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeping the MCP server alive: start, wait until it answers, wait for its exit, back off, start again.
///
/// Stopping (the task is cancelled: SIGTERM or SIGINT to the runner, whoever sends it) ends the server's whole
/// process group in every state: while it starts (even one that never answers its handshake), while it runs, and
/// between restarts (nothing runs then). SIGTERM first, SIGKILL after ``stopGrace``; whatever the server started
/// and left in its group when it exits is killed too, also when it crashes.
extension ProxyRunner {
    /// How long the server's process group gets to exit after SIGTERM before it is killed (`HIVEKEEP_STOP_GRACE`,
    /// default 10 s).
    var stopGrace: Duration { StopGrace.from(environment.values) }

    /// Runs `command` until the task is cancelled. `attach` connects a fresh child to the proxy (and returns once
    /// the server answers); `detach` tells the proxy the child is gone. Throws when the failures in a row exceed the
    /// restart policy.
    func supervise(
        _ command: PreparedCommand, environment: ChildEnvironment, config: RunConfig,
        attach: @Sendable (SpawnedChild) async throws -> Void, detach: @Sendable (String) async -> Void
    ) async throws {
        var tracker = RestartTracker(policy: settings.restart)
        var addedToClients = false
        try FileSystem.createDirectory(files.logsDirectory, mode: 0o700)
        let stdio = config.transport == "stdio"
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let reason = await runOnce(command, environment: environment, stdio: stdio) { child in
                try await attach(child)
                try await markRunning(config, addedToClients: &addedToClients)
            }
            await detach(reason)
            if Task.isCancelled { return }
            guard let delay = tracker.recordExit(runDuration: ContinuousClock.now - started) else {
                // Every run counts: the first start and each restart (maxAttempts restarts, so one more run).
                throw HiveKeepError(
                    .unavailable,
                    "the MCP server failed \(tracker.consecutiveFailures) times in a row; last: \(reason)")
            }
            logger.warning(
                "MCP server stopped; restarting",
                metadata: ["workload.name": "\(name)", "reason": "\(reason)", "delay": "\(delay)"])
            try setOwnStatus(.starting, context: "\(reason); restarting")
            metrics.countRestart()
            // Cancelled while waiting: nothing runs, so stopping is done.
            do { try await Task.sleep(for: delay) } catch { return }
        }
    }

    /// Starts the server once and waits for it to end (or for cancellation, which stops it); returns why it ended.
    private func runOnce(
        _ command: PreparedCommand, environment: ChildEnvironment, stdio: Bool,
        ready: (SpawnedChild) async throws -> Void
    ) async -> String {
        let options = SpawnOptions(
            standardInput: stdio ? .pipe : .null,
            standardOutput: stdio ? .pipe : .file(path: files.serverLog(name), append: true),
            standardError: .file(path: files.serverLog(name), append: true),
            inheritedDescriptors: command.inheritedDescriptors, newProcessGroup: true)
        let child: SpawnedChild
        do {
            child = try SpawnedChild.spawn(command, environment: environment, options: options)
        } catch {
            return "cannot start the MCP server: \(error)"
        }
        child.killGroupOnExit()
        logger.info("MCP server started", metadata: ["workload.name": "\(name)", "server.pid": "\(child.pid)"])
        let grace = stopGrace
        do {
            // A server that never answers holds `ready` until its start timeout: a stop ends its group right away,
            // and its exit (its pipes close) ends the wait.
            try await withTaskCancellationHandler {
                try await ready(child)
            } onCancel: {
                child.beginTermination(grace: grace)
            }
        } catch {
            _ = await child.terminate(grace: grace)
            if let status = child.exitStatus, !(error is CancellationError) {
                return "the MCP server did not start (\(status)): \(error)"
            }
            return "the MCP server did not start: \(error)"
        }
        let status = await withTaskCancellationHandler {
            await child.waitForExit()
        } onCancel: {
            child.beginTermination(grace: grace)
        }
        if Task.isCancelled {
            _ = await child.terminate(grace: grace)
            return "stopped"
        }
        return "the MCP server \(status)"
    }
}
