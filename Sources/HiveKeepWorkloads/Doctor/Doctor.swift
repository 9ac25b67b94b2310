import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore

/// `hivekeep doctor`: checks an installation and its host, each check with ok, warn or fail and what to do.
///
/// Reading only, with one exception: the secrets check lists the provider's keys (one audited `list`, caller
/// `doctor`), the cheapest operation that proves the provider answers (the vault opens with its password, the
/// keyring is reachable and unlocked). Nothing is repaired here; the advice says how.
public struct Doctor: Sendable {
    let paths: HiveKeepPaths
    let environment: EnvironmentValues
    let secrets: SecretsService

    public init(paths: HiveKeepPaths, environment: EnvironmentValues, secrets: SecretsService) {
        self.paths = paths
        self.environment = environment
        self.secrets = secrets
    }

    /// Runs every check, in a fixed order.
    public func run() async -> [DoctorCheck] {
        var checks = await secretsChecks()
        checks.append(await auditCheck())
        checks.append(contentsOf: fileChecks())
        checks.append(apiTokenCheck())
        checks.append(await bubblewrapCheck())
        checks.append(contentsOf: toolChecks())
        checks.append(await containerEngineCheck())
        checks.append(await registryAuthCheck())
        checks.append(contentsOf: portChecks())
        checks.append(clockCheck())
        return checks
    }

    /// Whether the provider is set up and answers, and for the vault, where its password comes from.
    func secretsChecks() async -> [DoctorCheck] {
        let type: SecretsProviderType
        do {
            type = try await secrets.describe().type
        } catch let error as HiveKeepError where error.code == .notFound {
            return [
                DoctorCheck(
                    "secrets", .warn, "no secrets provider is set up",
                    advice: "run `hivekeep secret setup` (workloads with secrets cannot start until then)")
            ]
        } catch {
            return [DoctorCheck("secrets", .fail, "\(error)", advice: "fix or remove the secrets entry of config.yaml")]
        }
        guard type != .environment else {
            return [DoctorCheck("secrets", .ok, "environment provider (read-only, TOOLHIVE_SECRET_* variables)")]
        }
        var checks: [DoctorCheck] = []
        do {
            let keys = try await secrets.listKeys(caller: "doctor")
            checks.append(DoctorCheck("secrets", .ok, "\(type.rawValue) provider answers; \(keys.count) secrets"))
        } catch {
            let advice =
                type == .keyring
                ? "start a D-Bus session with an unlocked gnome-keyring (see `hivekeep service install --keyring`)"
                : "check the vault file and its password. " + VaultPasswordSource.sourcesHint
            checks.append(DoctorCheck("secrets", .fail, "\(type.rawValue) provider: \(error)", advice: advice))
        }
        if type == .encrypted && !VaultPasswordSource.hasExplicitSource(environment: environment) {
            checks.append(
                DoctorCheck(
                    "vault password source", .warn, "the vault password comes only from the keyring",
                    advice: "a service with no keyring needs a password file: LoadCredential="
                        + "\(VaultPasswordSource.credentialName) or \(VaultPasswordSource.passwordFileVariable)"))
        }
        return checks
    }

    /// Whether the secrets audit log's chain is intact, keyed records checked with the audit key from the store.
    func auditCheck() async -> DoctorCheck {
        let log = secrets.auditLog
        let key = (try? await secrets.auditKey()) ?? nil
        do {
            let result = try log.verify(key: key)
            if let problem = result.problem {
                return DoctorCheck(
                    "audit", .fail, "the audit log is broken after \(result.recordCount) good records: \(problem)",
                    advice: "keep the file as evidence, find out who edited it, then move it aside")
            }
            return DoctorCheck("audit", .ok, "audit chain verifies (\(result.recordCount) records)")
        } catch {
            return DoctorCheck("audit", .fail, "cannot read the audit log: \(error)", advice: "check \(log.path)")
        }
    }
}
