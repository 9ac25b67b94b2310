import HiveKeepAuth
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepSigning
import HiveKeepStore
import Logging

/// Import: a signed (or, when allowed, plain) run configuration becomes a workload that is saved and started.
///
/// Every check runs before anything is saved, so a refused import creates nothing: the envelope and its signer,
/// the schema version, the configuration itself (the same rules as create, by running it through
/// ``WorkloadBuilder``), secret values where only references belong (the fields export refuses, including
/// variables the registry marks secret), the name, and the secrets it references. An import whose start fails is
/// removed again, as a failed create is.
extension WorkloadService {
    /// Reads, verifies and validates `body`, and shows what it asks for, without saving anything.
    ///
    /// The payload's port is a preference: it is kept when free, otherwise a free port is chosen.
    /// - Throws: a 400 (`.invalidArgument`) that says which check failed; a 409 when the name is taken.
    public func prepareImport(_ body: [UInt8], options: ImportOptions) async throws -> PreparedImport {
        let trusted = try await signing.trustedKeys()
        let document = try ImportDocument.read(body, trustedKeys: trusted, allowUnsigned: options.allowUnsigned)
        let name = options.name.flatMap { $0.isEmpty ? nil : $0 } ?? document.config.name
        try WorkloadName.validate(name)
        try await checkImportable(document.config)
        try refuseExisting(name)
        let config = try await importedConfig(document.config, name: name, pendingGroups: options.pendingGroups)
        let plan = ImportPlan(config: config, signerKeyID: document.signer?.keyID)
        return PreparedImport(config: config, plan: plan, signer: document.signer)
    }

    /// Saves and starts a prepared import; with `start` false it is saved `stopped` (a migration's default).
    ///
    /// - Throws: a 400 when it references secrets and `allowSecrets` is false, or when the provider does not hold
    ///   some of them (their names listed); a 409 when the name was taken meanwhile; what starting throws, after
    ///   removing the saved configuration and status again.
    public func runImport(
        _ prepared: PreparedImport, allowSecrets: Bool, start shouldStart: Bool = true
    ) async throws -> WorkloadCreated {
        let references = prepared.plan.secrets
        if !references.isEmpty {
            guard allowSecrets else {
                throw HiveKeepError.invalid(
                    "the run configuration references secrets (\(references.map(\.name).joined(separator: ", "))); "
                        + "import it only if you trust its source, with allow_secrets=true (CLI: --allow-secrets)")
            }
            try await checkSecretsExist(references.map(\.name), workload: prepared.config.name)
        }
        let config = prepared.config
        try FileSystem.createDirectory(configs.directory, mode: 0o700)
        try await secrets.recordWorkloadEvent(
            .workloadImport, workload: config.name, outcome: .ok, caller: RequestCaller.principal == nil ? "cli" : "api"
        )
        try createLock.withLock {
            let existing = (try? statuses.read(config.name)).flatMap { $0 }
            if configs.exists(config.name), existing?.status != .error {
                throw HiveKeepError(.alreadyExists, "workload with name \(config.name) already exists")
            }
            // The ports were chosen before the lock: a workload created since may hold one of them.
            let reserved = try reservedPorts(except: config.name)
            for port in [config.port, config.targetPort ?? 0] where port != 0 && reserved.contains(port) {
                throw HiveKeepError(
                    .conflict, "port \(port) was given to another workload during the import; import again")
            }
            try configs.save(config)
            if let signer = prepared.signer {
                try recordSignedProvenance(config, keyID: signer.keyID)
            } else {
                removeSignedProvenance(of: config.name)
            }
            let initial: WorkloadStatus = shouldStart ? .starting : .stopped
            try statuses.update(config.name) { _ in StatusRecord(status: initial, port: config.port) }
        }
        logger.info(
            "workload imported",
            metadata: [
                "workload.name": "\(config.name)", "import.signer": "\(prepared.signer?.keyID ?? "unsigned")",
            ])
        guard shouldStart else { return WorkloadCreated(name: config.name, port: config.port) }
        do {
            try await start(config)
        } catch {
            // As for create: an import whose start fails (a secret gone since the check, a runner that cannot be
            // spawned) leaves nothing behind.
            configs.remove(config.name)
            removeSignedProvenance(of: config.name)
            try? statuses.remove(config.name)
            TokenFile.proxyToken(paths: paths, workload: config.name).remove()
            logger.warning(
                "imported workload could not be started; removed", metadata: ["workload.name": "\(config.name)"])
            throw error
        }
        return WorkloadCreated(name: config.name, port: config.port)
    }

    /// ``prepareImport(_:options:)`` then ``runImport(_:allowSecrets:)``: what the REST API does.
    public func importRunConfig(_ body: [UInt8], options: ImportOptions) async throws -> WorkloadCreated {
        try await runImport(try await prepareImport(body, options: options), allowSecrets: options.allowSecrets)
    }

    /// Refuses what HiveKeep cannot import faithfully: secret values (the fields export refuses, with the variables
    /// the registry marks secret for what the configuration runs), unparsable references, authorization policy.
    ///
    /// - Throws: a 400 naming the field (never its value); a 503 when the registry cannot be read.
    private func checkImportable(_ config: RunConfig) async throws {
        let secretVariables = try await registrySecretVariables(for: config, purpose: "imported")
        if let field = ExportCheck.secretValueField(in: config, secretVariables: secretVariables) {
            var why = ""
            if field.hasPrefix("env_vars.") {
                let registryMarked = secretVariables.contains(String(field.dropFirst("env_vars.".count)))
                why =
                    registryMarked
                    ? " (the registry marks that variable secret)" : " (its name looks like a credential)"
            }
            throw HiveKeepError.invalid(
                "the run configuration holds a secret value in \(field)\(why); HiveKeep imports secrets "
                    + "only as references (name,target=VARIABLE) to its secrets provider")
        }
        for reference in config.secrets {
            _ = try SecretReference(parsing: reference)
        }
        // Credentials read from files on the server are not acted on: refused, never stored and ignored.
        for (field, value) in [
            ("client_secret_file", config.remoteAuthConfig?.clientSecretFile),
            ("bearer_token_file", config.remoteAuthConfig?.bearerTokenFile),
        ] where !(value ?? "").isEmpty {
            throw HiveKeepError.invalid(
                "remote_auth_config.\(field) is not supported yet: give the credential as a secret reference")
        }
        if config.authzConfig.map({ $0 != .null }) == true || !(config.authzConfigPath ?? "").isEmpty {
            throw HiveKeepError.invalid("authz_config is not supported yet: HiveKeep has no authorization policies")
        }
    }

    private func refuseExisting(_ name: String) throws {
        let existing = (try? statuses.read(name)).flatMap { $0 }
        if configs.exists(name), existing?.status != .error {
            throw HiveKeepError(.alreadyExists, "workload with name \(name) already exists")
        }
    }

    /// The provider must hold every referenced secret; the missing ones are named (never a value is read).
    private func checkSecretsExist(_ names: [String], workload: String) async throws {
        let caller = "import:\(workload)"
        var missing: [String] = []
        if let keys = try? await secrets.listKeys(caller: caller) {
            missing = names.filter { !keys.contains($0) }
        } else {
            for name in names {
                do {
                    _ = try await secrets.get(key: name, caller: caller)
                } catch let error as HiveKeepError where error.code == .notFound {
                    missing.append(name)
                } catch let error as HiveKeepError {
                    throw HiveKeepError(
                        .invalidArgument, "cannot check the referenced secrets: \(error.message)", cause: error)
                }
            }
        }
        guard missing.isEmpty else {
            throw HiveKeepError.invalid(
                "secrets not found in the provider: \(missing.joined(separator: ", ")); create them first")
        }
    }
}
