import Foundation
import HiveKeepContainers
import HiveKeepCore
import HiveKeepWorkloads
import Logging
import Sodium

/// Pulling a container workload's image when the engine lacks it, with the registry's credentials when
/// `container_runtime.registry_auth` has an entry for it (``RegistryAuth``).
extension ProxyRunner {
    /// Pulls `image` when the engine does not have it; each progress line goes to the log and `status_context`.
    ///
    /// With an entry for the image's registry, the pull carries its user name and `registryPassword` (the entry's
    /// secret, handed over by the service) to the engine in `X-Registry-Auth`, and nowhere else: the value is
    /// replaced by `***` wherever it might show (a progress line, an engine message). Every failure names the image,
    /// the registry and, where it helps, the setting and the secret (never its value).
    func pullIfMissing(_ engine: any ContainerEngine, image: String, registryPassword: SecureBytes?) async throws {
        guard try await !engine.imageExists(image) else { return }
        let auth: RegistryAuth
        do {
            auth = try RegistryAuth.load(paths: paths)
        } catch let error as HiveKeepError {
            throw HiveKeepError(error.code, "cannot pull \(image): \(error.message)", cause: error)
        }
        // A reference HiveKeep's parser does not read (the engine may) matches no entry and is pulled as it is.
        let host = try? RegistryAuth.registry(ofImage: image)
        let entry = host.flatMap { host in auth.entries.first { $0.registry == host } }
        let registry = host ?? "of \(image)"
        var credentials: RegistryCredentials?
        if let entry {
            guard let registryPassword else {
                throw HiveKeepError.invalid(
                    "cannot pull \(image): \(RegistryAuth.settingName) names the secret '\(entry.passwordSecret)' "
                        + "for \(registry), and it is not in the secrets store (or the image left the engine after "
                        + "this start began): set it (`hivekeep secret set \(entry.passwordSecret)`) if it is "
                        + "missing and start the workload again")
            }
            let password = registryPassword.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            credentials = RegistryCredentials(
                username: entry.username, password: password, serverAddress: entry.serverAddress)
        }
        let redact = Self.redactor(credentials?.password)
        let statuses = statuses
        let name = name
        let logger = logger
        logger.info(
            "pulling the image",
            metadata: [
                "workload.name": "\(name)", "image": "\(image)",
                "registry.credentials": "\(entry.map { "\($0.username), secret \($0.passwordSecret)" } ?? "none")",
            ])
        do {
            try await engine.pull(image, credentials: credentials) { line in
                let line = redact(line)
                logger.info("\(line)", metadata: ["workload.name": "\(name)"])
                _ = try? statuses.update(name) { current in
                    guard var record = current, record.status == .starting else { return current }
                    record.statusContext = String("pulling \(image): \(line)".prefix(200))
                    return record
                }
            }
        } catch let error as ContainerEngineError {
            throw HiveKeepError(
                .unavailable, redact(Self.pullFailure(error, image: image, registry: registry, entry: entry)),
                cause: error)
        }
    }

    /// What a failed pull says: for a refusal for authentication, which registry wants credentials and which
    /// setting gives them, or whose credentials it refused.
    static func pullFailure(
        _ error: ContainerEngineError, image: String, registry: String, entry: RegistryAuth.Entry?
    ) -> String {
        guard case .unauthorized(_, let message) = error else {
            return "cannot pull \(image): \(describe(error))"
        }
        guard let entry else {
            return "cannot pull \(image): the registry \(registry) wants credentials (it answered: \(message)); give "
                + "them with `hivekeep registry-login \(registry) --username USER --password-secret NAME`, or in "
                + "config.yaml: \(RegistryAuth.settingName): [{registry: \(registry), username: USER, "
                + "password_secret: NAME}], with NAME a secret holding the password or token"
        }
        return "cannot pull \(image): the registry \(registry) refused the credentials of "
            + "\(RegistryAuth.settingName) (username \(entry.username), password from the secret "
            + "'\(entry.passwordSecret)'): \(message)"
    }

    /// Replaces `secret` by `***` in a text (a password shorter than 4 characters is not looked for: it would
    /// mangle every message and hide little).
    static func redactor(_ secret: String?) -> @Sendable (String) -> String {
        guard let secret, secret.count >= 4 else { return { $0 } }
        return { $0.replacingOccurrences(of: secret, with: "***") }
    }
}
