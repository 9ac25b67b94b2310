import HiveKeepAuth
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import Logging
import Sodium

/// The one path create and edit share: store the secret values given in `env_vars`, save, then start.
extension WorkloadService {
    /// Builds the configuration (every 400 before anything changes), stores the values of registry-marked and
    /// credential-looking variables in the provider, then under ``createLock`` builds again with the ports other workloads hold at that
    /// moment (so two concurrent creates never get the same port) and saves; only then stops the runner being
    /// replaced (edit) and starts the new one.
    ///
    /// A name that a client registered with the workload's group already uses for an entry HiveKeep did not write
    /// is a 409 before anything changes (the runner would otherwise only log that it cannot write the entry).
    /// A failure up to the save changes nothing: the secrets this call created are deleted and those it replaced
    /// get their old values back. A create whose runner cannot start is removed with the secrets HiveKeep created
    /// for it. Secrets HiveKeep created earlier that the new configuration no longer references are deleted.
    /// - Parameters:
    ///   - previous: the configuration being replaced (edit, or a create over a workload in `error`); the only
    ///     existing secrets a registry-marked value may be stored over are those it references.
    ///   - isCreate: create (the name must be free or in `error`) rather than edit (the workload must exist).
    func commit(_ builder: WorkloadBuilder, previous: RunConfig?, isCreate: Bool) async throws -> WorkloadCreated {
        let name = builder.name
        var builder = builder
        builder.reservedPorts = try reservedPorts(except: name)
        let draft = try builder.build()
        // A client of the group with a user's entry of this name would refuse the workload's entry: 409 now.
        try await clients.requireNoForeignEntry(named: name, group: draft.config.group ?? "default")
        let stored = try await storeSecrets(draft.secretsToStore, workload: name, previous: previous)
        let plan: WorkloadPlan
        do {
            // Audited before it commits, naming the principal: what a server receives is decided here.
            if isCreate {
                try await secrets.recordWorkloadEvent(
                    .workloadCreate, workload: name, outcome: .ok,
                    caller: RequestCaller.principal == nil ? "cli" : "api")
            }
            try FileSystem.createDirectory(configs.directory, mode: 0o700)
            plan = try createLock.withLock {
                if isCreate {
                    _ = try replaceableConfig(name)
                } else if !configs.exists(name) {
                    throw HiveKeepError.notFound("workload not found: \(name)")
                }
                builder.reservedPorts = try reservedPorts(except: name)
                let plan = try builder.build()
                try configs.save(plan.config)
                if isCreate {
                    try statuses.update(name) { _ in StatusRecord(status: .starting, port: plan.config.port) }
                }
                return plan
            }
        } catch {
            await rollBack(stored, workload: name)
            throw error
        }
        await updateManagedSecrets(of: name, adding: stored.created, config: plan.config)
        if !isCreate, let previous {
            let record = try currentRecord(name)
            if record.processID != 0 {
                try statuses.set(name, .stopping, processID: record.processID)
                await RunnerProcess.stop(record.processID, workload: name, timeout: options.stopTimeout)
            }
            await removeClientEntries(of: previous)
        }
        do {
            try await start(plan.config)
        } catch {
            // A create that fails to start (a referenced secret the provider does not hold, a runner that cannot
            // be spawned) leaves nothing behind; an edit leaves the new definition in `error`.
            if isCreate { await forget(name) }
            throw error
        }
        return WorkloadCreated(name: name, port: plan.config.port)
    }

    /// What ``storeSecrets(_:workload:previous:)`` changed in the provider, so that it can be undone.
    struct StoredSecrets: Sendable {
        /// Keys created by this call.
        var created: [String] = []
        /// Keys whose value this call replaced, with the value they had.
        var replaced: [(key: String, value: SecureBytes)] = []
    }

    /// Moves registry-marked and credential-looking values into the provider. On a failure, what was stored so far is undone.
    /// - Throws: 409 (`.alreadyExists`) when a secret of the same name exists and `previous` does not reference it
    ///   (HiveKeep never stores over a secret it was not given for this workload); 400 when the provider cannot
    ///   store the value (none set up, read-only, locked or missing keyring, missing vault password). No message
    ///   quotes a value.
    func storeSecrets(_ pending: [PendingSecret], workload: String, previous: RunConfig?) async throws
        -> StoredSecrets
    {
        let referenced = Set((previous?.secrets ?? []).compactMap { try? SecretReference(parsing: $0).name })
        let caller = "workload:\(workload)"
        var stored = StoredSecrets()
        for secret in pending {
            do {
                let value = try SecureBytes(copying: Array(secret.value.utf8))
                do {
                    try await secrets.create(key: secret.key, value: value, caller: caller)
                    stored.created.append(secret.key)
                } catch let error as HiveKeepError where error.code == .alreadyExists {
                    guard referenced.contains(secret.key) else {
                        throw HiveKeepError(
                            .alreadyExists,
                            "\(secret.because), so HiveKeep stores its value as the secret "
                                + "\(secret.key), but a secret of that name already exists and workload \(workload) "
                                + "does not use it: delete or rename that secret, or reference it in 'secrets' "
                                + "instead of giving the value in 'env_vars'")
                    }
                    let old = try await secrets.get(key: secret.key, caller: caller)
                    try await secrets.update(key: secret.key, value: value, caller: caller)
                    stored.replaced.append((secret.key, old))
                }
            } catch {
                await rollBack(stored, workload: workload)
                if let error = error as? HiveKeepError, error.code != .alreadyExists {
                    throw HiveKeepError(
                        .invalidArgument,
                        "\(secret.because), and the secrets provider cannot store its value "
                            + "(as \(secret.key)): \(error.message)", cause: error)
                }
                throw error
            }
        }
        return stored
    }

    /// Undoes ``storeSecrets(_:workload:previous:)``: deletes the secrets it created, restores those it replaced.
    func rollBack(_ stored: StoredSecrets, workload: String) async {
        let caller = "workload:\(workload)"
        for key in stored.created {
            do {
                try await secrets.delete(key: key, caller: caller)
            } catch {
                logger.warning(
                    "cannot remove a secret stored for a failed operation",
                    metadata: ["workload.name": "\(workload)", "secret.key": "\(key)", "error": "\(error)"])
            }
        }
        for (key, value) in stored.replaced {
            do {
                try await secrets.update(key: key, value: value, caller: caller)
            } catch {
                logger.warning(
                    "cannot restore a secret replaced for a failed operation",
                    metadata: ["workload.name": "\(workload)", "secret.key": "\(key)", "error": "\(error)"])
            }
        }
    }

    /// Records the secrets just `created` for `name`, and deletes those HiveKeep created for it earlier that
    /// `config` no longer references.
    func updateManagedSecrets(of name: String, adding created: [String], config: RunConfig) async {
        let used = Set(config.secrets.compactMap { try? SecretReference(parsing: $0).name })
        let all = Set(managedSecrets.keys(of: name) + created)
        await deleteSecrets(all.filter { !used.contains($0) }.sorted(), workload: name)
        do {
            try managedSecrets.set(all.filter(used.contains).sorted(), for: name)
        } catch {
            logger.warning(
                "cannot record the secrets HiveKeep created for the workload",
                metadata: ["workload.name": "\(name)", "error": "\(error)"])
        }
    }

    /// Removes the run configuration and status of `name` and the secrets HiveKeep created for it.
    func forget(_ name: String) async {
        configs.remove(name)
        try? statuses.remove(name)
        TokenFile.proxyToken(paths: paths, workload: name).remove()
        await deleteSecrets(managedSecrets.keys(of: name), workload: name)
        managedSecrets.remove(name)
        do {
            try await secrets.deleteOAuthRecords(workload: name, caller: "workload:\(name)")
        } catch {
            logger.warning(
                "cannot remove the workload's OAuth tokens",
                metadata: ["workload.name": "\(name)", "error": "\(error)"])
        }
    }

    private func deleteSecrets(_ keys: [String], workload: String) async {
        for key in keys {
            do {
                try await secrets.delete(key: key, caller: "workload:\(workload)")
            } catch let error as HiveKeepError where error.code == .notFound {
                continue
            } catch {
                logger.warning(
                    "cannot remove a secret HiveKeep created for the workload",
                    metadata: ["workload.name": "\(workload)", "secret.key": "\(key)", "error": "\(error)"])
            }
        }
    }
}
