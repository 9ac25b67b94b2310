import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepSigning
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepVault
import Logging
import Sodium

/// An isolated HiveKeep installation in a temporary directory, with the vault password in a variable.
struct SigningFixture {
    static let password = "signing-test-password"

    let directory: TemporaryDirectory
    let paths: HiveKeepPaths
    let environment: EnvironmentValues

    init() throws {
        directory = try TemporaryDirectory(prefix: "hivekeep-signing")
        environment = EnvironmentValues(
            directory.isolatedEnvironment(extra: ["HIVEKEEP_SECRETS_PASSWORD": Self.password]))
        paths = try HiveKeepPaths(environment: environment)
        try paths.createDirectories()
    }

    /// A fresh secrets service over the installation (as another process would build it).
    func secrets() -> SecretsService {
        var dependencies = SecretsService.Dependencies.standard(
            paths: paths, environment: environment, logger: Logger(label: "test.secrets"))
        dependencies.kdfLimits = .minimumAllowed
        return SecretsService(dependencies)
    }

    /// A fresh signing service over `secrets`.
    func signing(_ secrets: SecretsService) -> SigningService {
        SigningService(paths: paths, secrets: secrets, logger: Logger(label: "test.signing"))
    }

    /// The secrets service, set up with `type`, and a signing service over it.
    func setUp(_ type: SecretsProviderType) async throws -> (SecretsService, SigningService) {
        let secrets = secrets()
        _ = try await secrets.setup(type: type, password: nil)
        return (secrets, signing(secrets))
    }

    /// The vault's raw contents, read with the password, independent of the secrets API.
    /// The vault's entries other than the audit key's record.
    func vaultKeys() async throws -> [String] {
        let vault = try await EncryptedProvider(
            path: paths.dataDirectory + "/secrets.vault",
            password: try .init(copying: Array(Self.password.utf8)),
            limits: .minimumAllowed)
        // The audit key's reserved record is created with the vault; these tests are about the signing key's.
        return try vault.vault.read().keys.filter { $0 != AuditKeyRecord.vaultKey }
    }
}
