import HiveKeepContainers
import HiveKeepCore
import HiveKeepRuntime
import HiveKeepSecrets
import Logging

/// The registry password of an image workload (``RegistryAuth``), handed to its runner with its other secrets.
extension WorkloadService {
    /// When `config` is an image whose registry has an entry in `container_runtime.registry_auth` and the engine
    /// does not have the image yet, reads the named secret (an audited read, caller `workload:<name>`) into
    /// `environment` under ``RegistryAuth/passwordHandover``; the runner uses it only for the pull. An image the
    /// engine already has needs no password, so none is read: a restart does not read the registry secret again.
    /// When the engine cannot say, the secret is read.
    ///
    /// A workload secret whose target is that reserved name is refused. Nothing is handed over, and the start goes
    /// on, when the setting is unreadable or the secret does not exist: the runner reports both, naming the setting
    /// and the secret, when it does have to pull. A provider that cannot be read fails the start like the workload's
    /// own secrets do.
    func resolveRegistryPassword(of config: RunConfig, into environment: SecretEnvironment) async throws {
        guard ContainerWorkload.isContainer(config) else { return }
        if environment.names.contains(RegistryAuth.passwordHandover) {
            throw HiveKeepError.invalid(
                "the variable name \(RegistryAuth.passwordHandover) is reserved for image workloads: choose another target"
            )
        }
        let entry: RegistryAuth.Entry
        do {
            guard let found = try RegistryAuth.load(paths: paths).entry(forImage: config.image) else { return }
            entry = found
        } catch {
            logger.warning(
                "cannot read the registry credentials setting; the image is pulled without credentials if at all",
                metadata: ["workload.name": "\(config.name)", "error": "\(error)"])
            return
        }
        if let engine = try? await options.containerEngine.engine(),
            (try? await engine.imageExists(config.image)) == true
        {
            return
        }
        do {
            let value = try await secrets.get(key: entry.passwordSecret, caller: "workload:\(config.name)")
            try environment.set(RegistryAuth.passwordHandover, value)
        } catch let error as HiveKeepError where error.code == .notFound {
            logger.warning(
                "the secret named for the image's registry is not in the secrets store",
                metadata: [
                    "workload.name": "\(config.name)", "registry": "\(entry.registry)",
                    "secret.name": "\(entry.passwordSecret)",
                ])
        } catch let error as HiveKeepError {
            throw HiveKeepError(
                .invalidArgument,
                "cannot read the secret '\(entry.passwordSecret)' that \(RegistryAuth.settingName) names for "
                    + "\(entry.registry): \(error.message)", cause: error)
        }
    }
}
