import HiveKeepStore
import Sodium
import Synchronization

/// A vault file: an encrypted map of secrets that several processes may read and write at once.
///
/// The key is derived once per salt and kept in guarded memory for the life of the object, so no request pays for
/// Argon2id. Every write takes the file lock (`<path>.lock`), re-reads the file under it (re-deriving only when
/// another process changed the salt by rotating the password), applies the change and replaces the file atomically
/// and durably (``AtomicFile``). Reads take no file lock: a rename swaps whole files, so a read sees one complete
/// version. Within the process a mutex serializes every call, so concurrent tasks lose no update either.
///
/// The object remembers the bytes of the file it last opened or wrote, with the decrypted map: a read or write that
/// finds exactly those bytes again skips decryption and parsing (see ``VaultState/open(_:)``); any other file is
/// checked and decrypted in full, so another process's write is always seen.
///
/// All methods block (file I/O, `flock`, Argon2id): call them through `Blocking.run`. Errors are ``VaultError``
/// for the file's content, `HiveKeepError` for the file system, `SodiumError` for libsodium failures.
public final class Vault: Sendable {
    /// The vault file's path (absolute).
    public let path: String
    /// Argon2id limits for a vault this object creates.
    public let newVaultLimits: Argon2Limits
    let fileLock: FileLock
    let state: Mutex<VaultState>

    /// A vault at `path` whose password comes from `passwordSource`, asked again whenever the salt changes.
    public init(
        path: String,
        newVaultLimits: Argon2Limits = .moderate,
        passwordSource: @escaping @Sendable () throws -> SecureBytes
    ) {
        self.path = path
        self.newVaultLimits = newVaultLimits
        self.fileLock = FileLock(guarding: path)
        self.state = Mutex(VaultState(passwordSource: passwordSource))
    }

    /// A vault at `path` opened with a fixed password.
    public convenience init(path: String, password: SecureBytes, newVaultLimits: Argon2Limits = .moderate) {
        self.init(path: path, newVaultLimits: newVaultLimits, passwordSource: { password })
    }

    /// The vault id of the file this object last opened or wrote, or nil before that.
    public var vaultID: [UInt8]? { state.withLock { $0.vaultID } }

    /// How many times this object ran Argon2id (for tests: derivation happens once per salt).
    var derivationCount: Int { state.withLock { $0.derivations } }

    /// Opens the vault, creating an empty one when the file does not exist; checks the password either way.
    public func openOrCreate() throws {
        try update { _ in }
    }

    /// The current contents, or an empty map when the file does not exist. Takes no file lock.
    public func read() throws -> VaultContents {
        try state.withLock { (state) throws -> VaultContents in
            guard let bytes = try FileSystem.readFile(path) else { return VaultContents() }
            return try state.open(bytes).contents
        }
    }

    /// Applies `change` to the current contents under the file lock and commits the result.
    ///
    /// The file is written only when `change` modified the contents (or the vault is new). If `change` throws,
    /// nothing is written. If the write fails, `onCommitFailure` runs, still under the lock, then the error is
    /// rethrown. A missing file is created (parent directory 0700, file 0600) with ``newVaultLimits``.
    @discardableResult
    public func update<T: Sendable>(
        _ change: (inout VaultContents) throws -> T,
        onCommitFailure: (any Error) -> Void = { _ in }
    ) throws -> T {
        try state.withLock { (state) throws -> T in
            try FileSystem.createDirectory(parentDirectory, mode: 0o700)
            return try fileLock.withLock {
                var opened = try currentOrNew(&state)
                let result = try change(&opened.contents)
                guard opened.contents.isModified || opened.isNew else { return result }
                let map = try opened.contents.encoded()
                let bytes = try VaultFile.seal(map.plaintext, vaultID: opened.vaultID, keys: opened.keys)
                do {
                    try AtomicFile.write(bytes, to: path, mode: 0o600)
                } catch {
                    onCommitFailure(error)
                    throw error
                }
                state.remember(
                    bytes,
                    VaultState.Opened(contents: VaultContents(base: map), keys: opened.keys, vaultID: opened.vaultID))
                if !state.sweptAbandonedTemporaries {
                    // A writer SIGKILLed between creating its temporary file and the rename leaves it behind.
                    AtomicFile.removeAbandonedTemporaries(of: path)
                    state.sweptAbandonedTemporaries = true
                }
                return result
            }
        }
    }

    /// The file's contents under the lock, or a new empty vault when there is no file.
    private func currentOrNew(_ state: inout VaultState) throws -> VaultState.Opened {
        if let bytes = try FileSystem.readFile(path) {
            return try state.open(bytes)
        }
        do {
            try newVaultLimits.validate()
        } catch {
            let limits = newVaultLimits
            throw VaultError.kdfParametersOutOfBounds(passes: limits.opsLimit, memoryKiB: limits.memLimitBytes / 1024)
        }
        let keys = try state.derive(salt: PasswordHash.randomSalt(), limits: newVaultLimits)
        return VaultState.Opened(
            contents: VaultContents(), keys: keys, vaultID: try Random.bytes(count: VaultFormat.vaultIDLength),
            isNew: true
        )
    }
}

extension Vault {
    /// The directory holding the vault file.
    var parentDirectory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
