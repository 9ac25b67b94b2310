import Dispatch
import HiveKeepCore
import HiveKeepVault
import Sodium
import Synchronization

/// Setting up, opening and rotating the encrypted vault.
extension SecretsService {
    /// Opens (or creates) the vault for setup. An explicit password source wins over `password`; a password given
    /// here must open the existing vault, and is kept in the keyring so it is found again after a restart.
    func setUpVault(password: SecureBytes?) async throws -> any SecretsProvider {
        let resolved = try await resolvePassword()
        if let resolved, resolved.origin.isExplicit {
            return try await openVault(with: resolved, forSetup: true)
        }
        if let password {
            do {
                try await KeyringProvider.checkReachable(keyring: dependencies.keyring)
            } catch {
                throw HiveKeepError.invalid(
                    "the vault password cannot be kept: no keyring is reachable. Put it in a file named by "
                        + "HIVEKEEP_SECRETS_PASSWORD_FILE (or $CREDENTIALS_DIRECTORY/hivekeep-secrets-password), "
                        + "or in HIVEKEEP_SECRETS_PASSWORD, or start a Secret Service"
                )
            }
            let provider = try await makeVaultProvider(password: password, origin: "the request", forSetup: true)
            try await VaultPasswordSource.storeInKeyring(password, keyring: dependencies.keyring, storeID: storeID)
            return provider
        }
        if let resolved {
            return try await openVault(with: resolved, forSetup: true)
        }
        throw HiveKeepError.invalid(
            "the encrypted provider needs a vault password: give \"password\", or set HIVEKEEP_SECRETS_PASSWORD_FILE, "
                + "$CREDENTIALS_DIRECTORY/hivekeep-secrets-password or HIVEKEEP_SECRETS_PASSWORD"
        )
    }

    /// Opens the vault with the password from its configured source.
    func openVault() async throws -> any SecretsProvider {
        guard let resolved = try await resolvePassword() else {
            throw HiveKeepError(
                .unavailable,
                "no vault password found (password file, HIVEKEEP_SECRETS_PASSWORD or the keyring entry)"
            )
        }
        return try await openVault(with: resolved, forSetup: false)
    }

    /// Re-encrypts the vault under `newPassword`. When the current password is kept in the keyring, the keyring
    /// entry is replaced after the vault; when it comes from a file or a variable, HiveKeep cannot change that
    /// source, and the result names it so the operator can put the new password there.
    @discardableResult
    public func rotatePassword(to newPassword: SecureBytes) async throws -> PasswordRotation {
        guard try await describe().type == .encrypted else {
            throw HiveKeepError.invalid("the secrets provider is not `encrypted`; there is no vault password to rotate")
        }
        let resolved = try await resolvePassword()
        let explicitSource = resolved.flatMap { $0.origin.isExplicit ? $0.origin : nil }
        if explicitSource == nil {
            // Check that the keyring can take the new password before the vault depends on it.
            guard newPassword.isKeyringText else {
                throw HiveKeepError.invalid(
                    "the new password must be UTF-8 text without NUL bytes to be kept in the keyring")
            }
            try await KeyringProvider.checkReachable(keyring: dependencies.keyring)
        }
        guard let vault = try await provider() as? EncryptedProvider else {
            throw HiveKeepError(.internalError, "the encrypted provider is not a vault")
        }
        try await vault.rotatePassword(to: newPassword)
        invalidate()
        if let explicitSource {
            return .changeSource(explicitSource)
        }
        try await VaultPasswordSource.storeInKeyring(newPassword, keyring: dependencies.keyring, storeID: storeID)
        return .keyringUpdated
    }

    /// The vault password, for a runner that keeps OAuth tokens in the vault: it receives it over its secrets pipe,
    /// since its environment carries no password source (``VaultPasswordSource/variablesToScrub(from:)``). Nil when
    /// the provider is not `encrypted`.
    public func vaultPasswordForRunner() async throws -> SecureBytes? {
        // No provider set up: nothing to hand over (the runner then says that sign-in needs one).
        guard (try? await describe().type) == .encrypted else { return nil }
        return try await resolvePassword()?.password
    }

    private func resolvePassword() async throws -> VaultPasswordSource.Resolved? {
        if let handed = dependencies.vaultPassword {
            return VaultPasswordSource.Resolved(password: handed, origin: .environment("the runner's secrets pipe"))
        }
        return try await VaultPasswordSource.resolve(
            environment: dependencies.environment,
            keyring: dependencies.keyring,
            storeID: storeID
        )
    }

    private func openVault(
        with resolved: VaultPasswordSource.Resolved,
        forSetup: Bool
    ) async throws -> any SecretsProvider {
        try await makeVaultProvider(password: resolved.password, origin: "\(resolved.origin)", forSetup: forSetup)
    }

    /// Opens or creates the vault. A wrong password is the caller's mistake at setup (400) and the server's state
    /// afterwards (503); a damaged vault is reported with its reason (503), never hidden behind a bare 500.
    private func makeVaultProvider(
        password: SecureBytes,
        origin: String,
        forSetup: Bool
    ) async throws -> any SecretsProvider {
        do {
            let vault = Vault(
                path: vaultPath,
                newVaultLimits: dependencies.kdfLimits,
                passwordSource: passwordSource(initial: password)
            )
            return try await EncryptedProvider(vault: vault)
        } catch let error as HiveKeepError {
            let code: HiveKeepError.Code =
                switch error.code {
                case .forbidden: forSetup ? .invalidArgument : .unavailable
                case .corruptState: .unavailable
                default: error.code
                }
            throw HiveKeepError(code, "\(vaultPath): \(error.message) (password from \(origin))", cause: error)
        }
    }

    /// The vault asks for the password when it first derives its key and again whenever the salt changed (another
    /// process rotated the password): the first answer is the password just resolved; later ones come from the
    /// configured source again, where the rotation put the new password.
    private func passwordSource(initial: SecureBytes) -> @Sendable () throws -> SecureBytes {
        let asked = Mutex(false)
        let environment = dependencies.environment
        let keyring = dependencies.keyring
        let storeID = storeID
        return {
            let first = asked.withLock { asked in
                defer { asked = true }
                return !asked
            }
            if first { return initial }
            // Called from blocking code (the vault runs on `Blocking`), so waiting here stalls no Swift task.
            let result = Mutex<Result<VaultPasswordSource.Resolved?, any Error>?>(nil)
            let done = DispatchSemaphore(value: 0)
            Task {
                let resolved: Result<VaultPasswordSource.Resolved?, any Error>
                do {
                    resolved = .success(
                        try await VaultPasswordSource.resolve(
                            environment: environment,
                            keyring: keyring,
                            storeID: storeID
                        )
                    )
                } catch {
                    resolved = .failure(error)
                }
                result.withLock { $0 = resolved }
                done.signal()
            }
            done.wait()
            guard let resolved = try result.withLock({ $0 })?.get() else {
                throw HiveKeepError(.unavailable, "the vault password changed and its new value cannot be found")
            }
            return resolved.password
        }
    }
}
