import Foundation
import HiveKeepAuth
import HiveKeepCore
import HiveKeepRuntime
import HiveKeepSecrets
import HiveKeepStore
import Logging
import Sodium

/// Starting, stopping, restarting, deleting and editing workloads.
extension WorkloadService {
    /// Resolves the workload's secrets (audited reads) and spawns its runner, handing them over a pipe. From here on
    /// the workload is wanted (reconciliation starts it again when its runner is gone) until it is stopped.
    func start(_ config: RunConfig) async throws {
        let name = config.name
        let secretEnvironment: SecretEnvironment
        do {
            secretEnvironment = try await resolveSecrets(of: config)
        } catch {
            try statuses.set(name, .error, context: "\(error)", processID: 0, wanted: true)
            throw error
        }
        try statuses.set(name, .starting, processID: 0, port: config.port, wanted: true)
        do {
            // The proxy's token exists before its runner does (created on the first start, kept until delete).
            try TokenFile.proxyToken(paths: paths, workload: name).ensure()
            let pid = try await RunnerLauncher(options: options, files: files, environment: environment)
                .launch(workload: name, secrets: secretEnvironment)
            try statuses.update(name) { current in
                guard var current else { return nil }
                if current.processID == 0 { current.processID = pid }
                current.runnerSession = pid
                return current
            }
        } catch {
            try statuses.set(name, .error, context: "cannot start the runner: \(error)", processID: 0)
            throw error
        }
    }

    /// Reads every referenced secret; the names of those the provider does not hold are listed in one 400.
    func resolveSecrets(of config: RunConfig) async throws -> SecretEnvironment {
        var references = try config.secrets.map { (target: try SecretReference(parsing: $0).target, reference: $0) }
        // A remote workload's secret-backed upstream headers travel under reserved names (UpstreamCredentials).
        references += try UpstreamCredentials(config: config).secretReferences.map {
            ($0.handover, $0.reference.stored)
        }
        let oauth = try UpstreamOAuth(config: config)
        if let secret = oauth?.clientSecret { references.append((UpstreamOAuth.clientSecretHandover, secret.stored)) }
        let environment = SecretEnvironment()
        if oauth != nil, let password = try await secrets.vaultPasswordForRunner() {
            // The runner keeps the workload's OAuth tokens in the vault itself (UpstreamOAuth).
            try environment.set(UpstreamOAuth.vaultPasswordHandover, password)
        }
        var missing: [String] = []
        for (target, stored) in references {
            let reference = try SecretReference(parsing: stored)
            do {
                let value = try await secrets.get(key: reference.name, caller: "workload:\(config.name)")
                try environment.set(target, value)
            } catch let error as HiveKeepError where error.code == .notFound {
                missing.append(reference.name)
            } catch let error as HiveKeepError {
                throw HiveKeepError(
                    .invalidArgument, "cannot read the workload's secrets: \(error.message)", cause: error)
            }
        }
        guard missing.isEmpty else {
            throw HiveKeepError.invalid("secrets not found in the provider: \(missing.joined(separator: ", "))")
        }
        // After the workload's own: a variable of the same name cannot replace it (the runner takes it out).
        try await resolveRegistryPassword(of: config, into: environment)
        return environment
    }

    /// Stops the runner of `name` (which ends its server's process group) and marks the workload stopped and no
    /// longer wanted; its client entries are removed.
    public func stop(_ name: String) async throws {
        let config = try config(name)
        let record = try currentRecord(name)
        if record.processID != 0 {
            try statuses.set(name, .stopping, processID: record.processID, wanted: false)
            await RunnerProcess.stop(record.processID, workload: name, timeout: options.stopTimeout)
        }
        await removeContainers(of: config)
        try statuses.set(name, .stopped, processID: 0, wanted: false)
        await removeClientEntries(of: config)
    }

    /// Stops and starts `name` again on the same port, so its URL does not change.
    public func restart(_ name: String) async throws {
        let config = try config(name)
        let record = try currentRecord(name)
        if record.processID != 0 {
            try statuses.set(name, .stopping, processID: record.processID)
            await RunnerProcess.stop(record.processID, workload: name, timeout: options.stopTimeout)
        }
        try await start(config)
    }

    /// Stops `name` and removes everything it left: client entries, run configuration, status, logs, and the
    /// secrets HiveKeep created for it (those it named itself for registry-marked variables; never a user's).
    /// A workload whose configuration cannot be read is deleted too (lists show it in `error`).
    public func delete(_ name: String) async throws {
        try requireExisting(name)
        let config = try? configs.load(name)
        let record = listedRecord(name)
        try statuses.set(name, .removing, processID: record.processID)
        if record.processID != 0 {
            await RunnerProcess.stop(record.processID, workload: name, timeout: options.stopTimeout)
        }
        if let config {
            await removeContainers(of: config)
            await removeClientEntries(of: config)
        }
        await forget(name)
        RotatingLog.remove(files.proxyLog(name))
        RotatingLog.remove(files.serverLog(name))
    }

    /// Replaces the definition of `name` with `request` (not a merge) and starts it again; the port is kept unless
    /// the request names another. Registry-marked secret values are stored before the running workload is stopped,
    /// and a refused edit changes nothing (``commit(_:previous:isCreate:)``).
    public func edit(_ name: String, with request: WorkloadRequest) async throws -> WorkloadCreated {
        try WorkloadName.validate(name)
        let current = try config(name)
        var request = request
        request.name = name
        let builder = try await builder(for: request, name: name, currentPort: current.port)
        return try await commit(builder, previous: current, isCreate: false)
    }

    /// The names a bulk request selects: `names` (validated) or every workload of `group` (which must exist).
    public func select(names: [String]?, group: String?) async throws -> [String] {
        switch (names, group) {
        case (.some, .some): throw HiveKeepError.invalid("cannot specify both names and group")
        case (nil, nil): throw HiveKeepError.invalid("must specify either names or group")
        case (let names?, nil):
            for name in names { try WorkloadName.validateExisting(name) }
            return names
        case (nil, let group?):
            try GroupName.validate(group)
            _ = try await groups.get(group)
            return try allConfigs().filter { ($0.group ?? "default") == group }.map(\.name)
        }
    }

    func removeClientEntries(of config: RunConfig) async {
        do {
            try await clients.removeWorkload(named: config.name, group: config.group ?? "default")
        } catch {
            logger.warning(
                "cannot remove the workload from client configurations",
                metadata: ["workload.name": "\(config.name)", "error": "\(error)"])
        }
    }
}
