import AsyncHTTPClient
import Foundation
import HiveKeepCore
import HiveKeepOAuth
import HiveKeepRuntime
import HiveKeepSecrets
import HiveKeepWorkloads
import Logging
import Sodium

/// The OAuth session of a remote workload that signs in (``UpstreamOAuth``).
extension ProxyRunner {
    /// The session for `config`, or nil when the workload does not sign in. Its client secret and the vault password
    /// are taken out of `secrets` (they are no child's environment). The runner opens the secrets store itself, with
    /// the handed-over vault password (or the keyring's, or the keyring provider), to keep the tokens there.
    func upstreamSignIn(_ config: RunConfig, secrets: SecretEnvironment) throws -> UpstreamSignIn? {
        guard let oauth = try UpstreamOAuth(config: config) else { return nil }
        var settings = oauth.settings
        if oauth.clientSecret != nil {
            guard let value = secrets.value(UpstreamOAuth.clientSecretHandover) else {
                throw HiveKeepError.invalid("the OAuth client secret was not handed over")
            }
            settings.clientSecret = value.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        }
        secrets.remove(UpstreamOAuth.clientSecretHandover)
        var dependencies = SecretsService.Dependencies.standard(
            paths: paths, environment: environment, logger: logger)
        dependencies.vaultPassword = secrets.value(UpstreamOAuth.vaultPasswordHandover)
        secrets.remove(UpstreamOAuth.vaultPasswordHandover)
        let store = UpstreamTokenStore(secrets: SecretsService(dependencies), workload: name)
        return UpstreamSignIn(
            settings: settings, client: OAuthClient(logger: logger), store: store,
            timing: UpstreamSignInTiming(environment: environment), logger: logger, report: statusReport())
    }

    /// Writes the status an upstream session or reporter gives (only while this runner owns the workload).
    func statusReport() -> UpstreamSignIn.Report {
        let runner = self
        let name = name
        let logger = logger
        return { status, context in
            do {
                try runner.setOwnStatus(status, context: context)
            } catch {
                logger.warning("cannot write the workload's status", metadata: ["workload.name": "\(name)"])
            }
        }
    }
}
