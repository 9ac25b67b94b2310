import HiveKeepStore
import Sodium
import Synchronization

extension Vault {
    /// Re-encrypts the vault under `newPassword` with a new salt, keeping its vault id and contents.
    ///
    /// Under the file lock: opens the file with the current password, derives new keys, seals the contents, then
    /// opens the new bytes from scratch (header checks, a fresh derivation from `newPassword`, decryption) and
    /// compares the contents before swapping the file in with one atomic rename. A crash at any point leaves the
    /// old file (old password) or the new one (new password). Afterwards this object uses the new password.
    ///
    /// - Parameter limits: Argon2id limits for the new key; the file's current limits when nil.
    public func rotatePassword(to newPassword: SecureBytes, limits: Argon2Limits? = nil) throws {
        try state.withLock { (state) throws in
            try fileLock.withLock {
                guard let bytes = try FileSystem.readFile(path) else { throw VaultError.missing }
                let current = try state.open(bytes)
                let newLimits = limits ?? current.keys.limits
                do {
                    try newLimits.validate()
                } catch {
                    throw VaultError.kdfParametersOutOfBounds(
                        passes: newLimits.opsLimit, memoryKiB: newLimits.memLimitBytes / 1024)
                }
                let newKeys = try VaultKeys.derive(
                    password: newPassword, salt: try PasswordHash.randomSalt(), limits: newLimits)
                let map = try current.contents.encoded()
                let sealed = try VaultFile.seal(map.plaintext, vaultID: current.vaultID, keys: newKeys)
                try Self.verify(sealed, password: newPassword, matches: current.contents)
                try AtomicFile.write(sealed, to: path, mode: 0o600)
                state.passwordSource = { newPassword }
                state.derivations += 2
                state.remember(
                    sealed,
                    VaultState.Opened(contents: VaultContents(base: map), keys: newKeys, vaultID: current.vaultID))
            }
        }
    }

    /// Opens `bytes` as a reader would, with nothing cached, and checks that they hold `contents`.
    private static func verify(_ bytes: [UInt8], password: SecureBytes, matches contents: VaultContents) throws {
        let parsed = try VaultFile.parse(bytes)
        let keys = try VaultKeys.derive(password: password, salt: parsed.header.salt, limits: parsed.header.limits)
        let reopened = try VaultFile.open(parsed, keys: keys)
        guard reopened.hasSameEntries(as: contents) else { throw VaultError.malformedContents }
    }
}
