import Sodium

/// The decrypted map of a vault: keys to secret values in guarded memory.
///
/// The map as read lives in one guarded buffer (``VaultMap``), shared by every copy; keys set or removed since are
/// kept beside it, each new value in its own guarded buffer. A value handed to ``set(_:_:)`` is copied, so later
/// writes to the caller's buffer do not change the vault; a value read out is a copy too.
/// ``Vault/update(_:onCommitFailure:)`` writes the file only when the contents were changed.
public struct VaultContents: Sendable, CustomStringConvertible {
    /// A key set to a new value, or removed, since the base map was read.
    private enum Change: Sendable {
        case set(SecureBytes)
        case removed
    }

    /// The map as read or last written; nil for an empty one.
    private var base: VaultMap?
    /// The keys changed since, with their change.
    private var changes: [String: Change] = [:]
    /// The number of secrets.
    public private(set) var count: Int
    /// Whether a mutating call changed the map since it was read.
    public private(set) var isModified = false

    /// An empty map.
    public init() {
        base = nil
        count = 0
    }

    /// The map `base` holds, unmodified.
    init(base: VaultMap) {
        self.base = base
        count = base.entries.count
    }

    /// The keys, sorted.
    public var keys: [String] {
        var keys = base?.keys.filter { changes[$0] == nil } ?? []
        for (key, change) in changes {
            if case .set = change { keys.append(key) }
        }
        return keys.sorted()
    }

    /// Whether there is a value under `key`.
    public func contains(_ key: String) -> Bool {
        switch changes[key] {
        case .set: true
        case .removed: false
        case nil: base?.contains(key) ?? false
        }
    }

    /// A copy of the value stored under `key` in its own guarded buffer, or nil when there is none.
    ///
    /// - Throws: `SodiumError` when guarded memory for the copy cannot be allocated.
    public func value(_ key: String) throws(SodiumError) -> SecureBytes? {
        switch changes[key] {
        case .set(let value): value
        case .removed: nil
        case nil: try base?.value(key)
        }
    }

    /// The value stored under `key`, or nil: like ``value(_:)``, but also nil if the copy cannot be allocated.
    public subscript(key: String) -> SecureBytes? { try? value(key) }

    /// Stores a copy of `value` under `key`, replacing any previous value.
    public mutating func set(_ key: String, _ value: SecureBytes) throws {
        let copy = try value.withUnsafeBytes { (bytes) throws(SodiumError) in try SecureBytes(copying: bytes) }
        if !contains(key) { count += 1 }
        changes[key] = .set(copy)
        isModified = true
    }

    /// Removes `key`; returns its value (nil when there was none, or if the copy cannot be allocated).
    @discardableResult
    public mutating func remove(_ key: String) -> SecureBytes? {
        guard contains(key) else { return nil }
        let value = self[key]
        changes[key] = .removed
        count -= 1
        isModified = true
        return value
    }

    /// Removes every secret.
    public mutating func removeAll() {
        if count > 0 { isModified = true }
        base = nil
        changes = [:]
        count = 0
    }

    /// Whether both maps hold the same keys with the same values (values compared in constant time).
    ///
    /// False also when guarded memory to serialize the maps for the comparison cannot be allocated.
    public func hasSameEntries(as other: VaultContents) -> Bool {
        guard count == other.count else { return false }
        // The serialization is canonical (keys sorted, each once): equal maps give equal bytes.
        guard let mine = try? encoded().plaintext, let theirs = try? other.encoded().plaintext else { return false }
        return mine.isEqual(to: theirs)
    }

    /// Serializes the map for sealing: one guarded buffer, and where each entry lies in it.
    func encoded() throws -> VaultMap {
        let sorted = changes.map { (key: Array($0.key.utf8), change: $0.value) }.sorted {
            $0.key.lexicographicallyPrecedes($1.key)
        }
        let applied = sorted.map { (entry) -> VaultCodec.Change in
            switch entry.change {
            case .set(let value): (key: entry.key, value: value)
            case .removed: (key: entry.key, value: nil)
            }
        }
        return try VaultCodec.encode(base: base, changes: applied)
    }

    /// Names the keys only, never a value.
    public var description: String { "VaultContents(keys: \(keys))" }
}
