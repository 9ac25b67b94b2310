import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepVault
import Keyring
import Sodium

/// Step 1 of a restore: every check, nothing written outside a temporary directory that is removed.
extension BackupRestorer {
    /// What the checks decided.
    struct Plan {
        /// The archived vault password goes to this installation's keyring (it has no explicit source).
        var storeVaultPassword: Bool
    }

    func check(_ contents: BackupContents, force: Bool) async throws -> Plan {
        let manifest = contents.manifest
        try BackupTargets.checkNoLinks(manifest.files, workloads: manifest.workloads, in: paths)
        try Self.checkSecretEntries(contents)
        try Self.checkWorkloadNames(manifest.workloads)
        let existing = BackupLayout.present(in: paths)
        if !force, !existing.isEmpty {
            throw HiveKeepError(
                .conflict,
                "the installation is not empty (it has \(existing.prefix(3).map(\.1).joined(separator: ", "))"
                    + (existing.count > 3 ? ", ..." : "") + "); restore onto an empty one, or add --force to "
                    + "replace what the backup holds")
        }
        let vaultPassword = value(of: .vaultPassword, in: contents)
        let explicit = VaultPasswordSource.hasExplicitSource(environment: environment)
        let hasVault = manifest.files.contains { $0.root == .data && $0.path == "secrets.vault" }
        let storeVaultPassword = hasVault && !explicit && vaultPassword != nil
        if storeVaultPassword, let vaultPassword, !vaultPassword.isKeyringText {
            throw HiveKeepError.invalid(
                "the backed-up vault password is not text a keyring item can hold; give this installation the "
                    + "password in a file named by \(VaultPasswordSource.passwordFileVariable) and restore again")
        }
        let keyringItems = manifest.secrets.contains { $0.kind != .vaultPassword }
        if storeVaultPassword || keyringItems {
            try await KeyringProvider.checkReachable(keyring: keyring)
        }
        if keyringItems, !force {
            // Attributes only, no value: what the installation's keyring provider would list.
            let present: [KeyringItemAttributes]
            do {
                present = try await keyring.search(kind: .secret, store: storeID)
            } catch {
                throw HiveKeepError(.unavailable, "cannot search the keyring: \(error)", cause: error)
            }
            guard present.isEmpty else {
                throw HiveKeepError(
                    .conflict,
                    "the keyring already holds \(present.count) secret(s) of this installation; add --force to "
                        + "replace those the backup holds")
            }
        }
        if hasVault {
            try await checkVault(contents, archivedPassword: vaultPassword, explicit: explicit)
        }
        return Plan(storeVaultPassword: storeVaultPassword)
    }

    /// Opens the carried vault, copied into a temporary directory, with the password the restored installation
    /// will use.
    private func checkVault(_ contents: BackupContents, archivedPassword: SecureBytes?, explicit: Bool) async throws {
        guard let index = contents.manifest.files.firstIndex(where: { $0.root == .data && $0.path == "secrets.vault" })
        else { return }
        let password: SecureBytes
        let origin: String
        if explicit,
            let resolved = try await VaultPasswordSource.resolve(
                environment: environment, keyring: nil, storeID: storeID)
        {
            (password, origin) = (resolved.password, "\(resolved.origin)")
        } else if let archivedPassword {
            (password, origin) = (archivedPassword, "the backup")
        } else if contents.manifest.secretsProvider != "encrypted" {
            // A vault left from an earlier setup, whose password was not found at backup: carried as it is.
            return
        } else {
            throw HiveKeepError.invalid(
                "the backup holds a vault but not its password; \(VaultPasswordSource.sourcesHint)")
        }
        try FileSystem.createDirectory(paths.stateDirectory, mode: 0o700)
        // `.restore-<pid>-<uuid>`: `hivekeep doctor` reports one whose restore was killed (see Doctor).
        let staging = paths.stateDirectory + "/.restore-\(getpid())-\(UUID().uuidString)"
        try FileSystem.createDirectory(staging, mode: 0o700)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try AtomicFile.write(contents.files[index], to: staging + "/secrets.vault", mode: 0o600)
        let vault = Vault(path: staging + "/secrets.vault", password: password)
        do {
            _ = try await Blocking.run { try vault.read() }
        } catch {
            throw HiveKeepError.invalid(
                "the vault password from \(origin) does not open the backed-up vault: \(VaultError.mapped(error))")
        }
    }

    /// The value of the first archived secret of `kind`.
    func value(of kind: BackupManifest.SecretKind, in contents: BackupContents) -> SecureBytes? {
        contents.manifest.secrets.firstIndex { $0.kind == kind }.map { contents.secrets[$0] }
    }
}
