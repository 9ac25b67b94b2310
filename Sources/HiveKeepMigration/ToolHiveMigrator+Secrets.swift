import HiveKeepCore
import HiveKeepSecrets
import Sodium

/// The provider choice and the secrets: decrypted from ToolHive's file, each name checked against HiveKeep's rules
/// and its current provider.
extension ToolHiveMigrator {
    func prepareSecrets(into prepared: inout PreparedMigration) async throws {
        let hiveKeepType = try? await services.secrets.describe().type
        switch installation.config.providerType {
        case "environment":
            let item: MigrationPlan.Item
            if let hiveKeepType {
                item = .init(
                    kind: .provider, name: "environment", action: .exists,
                    reason: "HiveKeep already uses its \(hiveKeepType.rawValue) provider; left as it is")
            } else {
                item = .init(
                    kind: .provider, name: "environment", action: .create,
                    reason: "HiveKeep's environment provider reads the same TOOLHIVE_SECRET_<name> variables")
                prepared.providerSetup = .environment
            }
            prepared.plan.items.append(item)
        case "1password":
            prepared.plan.items.append(
                .init(
                    kind: .provider, name: "1password", action: .refused,
                    reason: "HiveKeep has no 1Password provider; those secrets stay in 1Password"))
        default: break
        }
        guard let file = installation.secretsFile, !file.isEmpty else { return }
        let found = try await password.find()
        prepared.plan.passwordSource = found.source
        let secrets = try ToolHiveSecretsFile.decrypt(file, password: found.password)
        let existing = try await existingKeys(Array(secrets.keys), type: hiveKeepType)
        for name in secrets.keys.sorted() {
            if let reason = refusal(of: name, type: hiveKeepType) {
                prepared.plan.items.append(.init(kind: .secret, name: name, action: .refused, reason: reason))
            } else if existing.contains(name) {
                prepared.plan.items.append(
                    .init(kind: .secret, name: name, action: .exists, reason: "already in HiveKeep, not overwritten"))
            } else if let value = secrets[name] {
                prepared.plan.items.append(.init(kind: .secret, name: name, action: .create))
                prepared.secrets.append((name, value))
            }
        }
    }

    private func refusal(of name: String, type: SecretsProviderType?) -> String? {
        do {
            try SecretKeyName.validate(name)
        } catch let error as HiveKeepError {
            return "HiveKeep refuses the name: \(error.message)"
        } catch {
            return "HiveKeep refuses the name"
        }
        guard let type else { return "HiveKeep has no secrets provider yet: run 'hivekeep secret setup' first" }
        guard SecretsService.capabilities(of: type).canWrite else {
            return "HiveKeep's \(type.rawValue) provider is read-only"
        }
        return nil
    }

    /// Which of `names` HiveKeep's provider holds already.
    private func existingKeys(_ names: [String], type: SecretsProviderType?) async throws -> Set<String> {
        guard let type, SecretsService.capabilities(of: type).canWrite else { return [] }
        if let keys = try? await services.secrets.listKeys(caller: Self.caller) { return Set(keys) }
        var found: Set<String> = []
        for name in names where (try? SecretKeyName.validate(name)) != nil {
            if (try? await services.secrets.get(key: name, caller: Self.caller)) != nil { found.insert(name) }
        }
        return found
    }
}
