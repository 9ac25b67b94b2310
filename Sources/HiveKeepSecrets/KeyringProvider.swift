import HiveKeepCore
import Keyring
import Sodium

/// Secrets in the desktop keyring (a Secret Service such as gnome-keyring, through libsecret): one item per secret.
///
/// Each item has kind `secret`, this installation's store id (``KeyringStoreID``) and the key as attributes, and the
/// label `hivekeep: <key>`. Values must be UTF-8 text without NUL bytes (libsecret keeps passwords as C strings);
/// others are refused with `.invalidArgument` before anything is written. List and cleanup touch only items of kind
/// `secret` in this store, never the vault password or signing key kept beside them.
///
/// The Secret Service has no transactions: create (absent, then store), update (present, then store) and delete
/// (present, then clear) are two D-Bus calls each. Within one process a lock per key makes each pair atomic; another
/// process writing the same key between the two calls can still win the race (its value or ours is lost, last
/// store wins), and a delete racing another delete reports `.notFound` after its `ok` record with a `failed` one.
///
/// Auditing: every get, create, update, delete, list and cleanup writes one record before the change; a change that
/// then fails gets a second, `failed` record. A call refused for a bad key or value writes none (nothing happened).
/// A keyring that is locked or gone is `.unavailable` with the keyring's reason.
public struct KeyringProvider: SecretsProvider, CustomStringConvertible {
    /// The keyring the items live in.
    public let keyring: Keyring
    /// This installation's store id: the `store` attribute of its items.
    public let storeID: String

    /// A provider keeping its items in `keyring` under `storeID` (see ``KeyringStoreID``).
    public init(keyring: Keyring, storeID: String) {
        self.keyring = keyring
        self.storeID = storeID
    }

    public var type: SecretsProviderType { .keyring }
    public var capabilities: SecretsCapabilities { .readWrite }
    public var description: String { "keyring provider (store \(storeID))" }

    /// Checks, when the provider is being set up, that a Secret Service answers and is unlocked.
    ///
    /// - Throws: `.invalidArgument` (a 400 at setup) when there is no session bus or no Secret Service, with a
    ///   message that says how to start one headless; `.unavailable` when it is locked, slow or failing.
    public static func checkReachable(keyring: Keyring) async throws {
        do {
            try await keyring.checkAvailable()
        } catch let error as KeyringError {
            switch error {
            case .noSessionBus, .noSecretService:
                throw HiveKeepError(
                    .invalidArgument, "The keyring provider needs a Secret Service. \(error.description)", cause: error)
            default:
                throw HiveKeepError(keyring: error)
            }
        }
    }

    public func get(_ key: String, context: SecretsCallContext) async throws -> SecureBytes? {
        let item = try attributes(key)
        let value: SecureBytes?
        do {
            value = try await keyring.lookup(item) { try SecureBytes(copying: $0) }
        } catch {
            throw await failure(.get, key, error, context)
        }
        try await record(.get, key, value == nil ? .notFound : .ok, context)
        return value
    }

    public func create(_ key: String, value: SecureBytes, context: SecretsCallContext) async throws {
        let item = try attributes(key)
        try Self.checkStorable(value)
        try await KeyringKeyLock.shared.withLock(lockName(key)) {
            guard try await !exists(item, .create, context) else {
                try await record(.create, key, .alreadyExists, context)
                throw HiveKeepError(.alreadyExists, "secret \"\(key)\" already exists")
            }
            try await record(.create, key, .ok, context)
            try await store(item, value, .create, context)
        }
    }

    public func update(_ key: String, value: SecureBytes, context: SecretsCallContext) async throws {
        let item = try attributes(key)
        try Self.checkStorable(value)
        try await KeyringKeyLock.shared.withLock(lockName(key)) {
            guard try await exists(item, .update, context) else {
                try await record(.update, key, .notFound, context)
                throw HiveKeepError.notFound("secret \"\(key)\" not found")
            }
            try await record(.update, key, .ok, context)
            try await store(item, value, .update, context)
        }
    }

    public func delete(_ key: String, context: SecretsCallContext) async throws {
        let item = try attributes(key)
        try await KeyringKeyLock.shared.withLock(lockName(key)) {
            guard try await exists(item, .delete, context) else {
                try await record(.delete, key, .notFound, context)
                throw HiveKeepError.notFound("secret \"\(key)\" not found")
            }
            try await record(.delete, key, .ok, context)
            let removed: Bool
            do {
                removed = try await keyring.clear(item)
            } catch {
                throw await failure(.delete, key, error, context)
            }
            if !removed {
                // Another process deleted it between the check and the clear.
                throw await failure(.delete, key, HiveKeepError.notFound("secret \"\(key)\" not found"), context)
            }
        }
    }

    public func list(context: SecretsCallContext) async throws -> [String] {
        let keys: [String]
        do {
            keys = try await keyring.search(kind: .secret, store: storeID).map(\.key).sorted()
        } catch {
            throw await failure(.list, nil, error, context)
        }
        try await record(.list, nil, .ok, context)
        return keys
    }

    public func cleanup(context: SecretsCallContext) async throws {
        let items: [KeyringItemAttributes]
        do {
            items = try await keyring.search(kind: .secret, store: storeID)
        } catch {
            throw await failure(.cleanup, nil, error, context)
        }
        try await record(.cleanup, nil, .ok, context)
        do {
            for item in items where item.kind == .secret && item.store == storeID {
                try await keyring.clear(item)
            }
        } catch {
            throw await failure(.cleanup, nil, error, context)
        }
    }

    // MARK: - Steps

    /// The attributes of `key`'s item; `.invalidArgument` for an empty key or one with a NUL byte.
    private func attributes(_ key: String) throws -> KeyringItemAttributes {
        guard !key.isEmpty else {
            throw HiveKeepError.invalid("a secret key must not be empty")
        }
        guard !key.utf8.contains(0) else {
            throw HiveKeepError.invalid("a secret key must not contain NUL bytes")
        }
        return KeyringItemAttributes(kind: .secret, store: storeID, key: key)
    }

    private static func checkStorable(_ value: SecureBytes) throws {
        guard value.isKeyringText else {
            throw HiveKeepError.invalid("the keyring can only hold values that are UTF-8 text without NUL bytes")
        }
    }

    private func lockName(_ key: String) -> String {
        "\(storeID)/\(key)"
    }

    /// Whether `item` is in the keyring; a failure is audited as a failed `operation`.
    private func exists(
        _ item: KeyringItemAttributes, _ operation: AuditOperation, _ context: SecretsCallContext
    ) async throws -> Bool {
        do {
            return try await keyring.lookup(item) { _ in () } != nil
        } catch {
            throw await failure(operation, item.key, error, context)
        }
    }

    /// Stores `value` as `item` (the commit); a failure gets a second, `failed` record.
    private func store(
        _ item: KeyringItemAttributes, _ value: SecureBytes, _ operation: AuditOperation,
        _ context: SecretsCallContext
    ) async throws {
        do {
            try await keyring.store(item, label: "hivekeep: \(item.key)", secret: KeyringSecretView(bytes: value))
        } catch {
            throw await failure(operation, item.key, error, context)
        }
    }

    /// Writes the call's audit record off the concurrency pool (it syncs to disk).
    private func record(
        _ operation: AuditOperation, _ key: String?, _ outcome: AuditOutcome, _ context: SecretsCallContext
    ) async throws {
        try await Blocking.run { try context.record(operation, key: key, provider: .keyring, outcome: outcome) }
    }

    /// Records a `failed` outcome and returns the error to throw: the keyring's failure as a HiveKeep error. When
    /// the record cannot be written either, the operation's own error still wins: it is the cause, and nothing was
    /// changed.
    private func failure(
        _ operation: AuditOperation, _ key: String?, _ error: any Error, _ context: SecretsCallContext
    ) async -> any Error {
        try? await record(operation, key, .failed, context)
        return HiveKeepError.fromKeyring(error)
    }
}
