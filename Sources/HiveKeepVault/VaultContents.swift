import Sodium

/// The decrypted map of a vault: keys to secret values in guarded memory.
///
/// A value handed to ``set(_:_:)`` is copied, so later writes to the caller's buffer do not change the vault.
/// ``Vault/update(_:onCommitFailure:)`` writes the file only when the contents were changed.
public struct VaultContents: Sendable, CustomStringConvertible {
    private var entries: [String: SecureBytes]
    /// Whether a mutating call changed the map since it was read.
    public private(set) var isModified = false

    /// An empty map.
    public init() {
        entries = [:]
    }

    init(entries: [String: SecureBytes]) {
        self.entries = entries
    }

    /// The keys, sorted.
    public var keys: [String] { entries.keys.sorted() }

    /// The number of secrets.
    public var count: Int { entries.count }

    /// The value stored under `key`, or nil.
    public subscript(key: String) -> SecureBytes? { entries[key] }

    /// Stores a copy of `value` under `key`, replacing any previous value.
    public mutating func set(_ key: String, _ value: SecureBytes) throws {
        entries[key] = try value.withUnsafeBytes { (bytes) throws(SodiumError) in try SecureBytes(copying: bytes) }
        isModified = true
    }

    /// Removes `key`; returns its value, or nil when there was none.
    @discardableResult
    public mutating func remove(_ key: String) -> SecureBytes? {
        guard let value = entries.removeValue(forKey: key) else { return nil }
        isModified = true
        return value
    }

    /// Removes every secret.
    public mutating func removeAll() {
        if !entries.isEmpty { isModified = true }
        entries.removeAll()
    }

    /// Whether both maps hold the same keys with the same values (values compared in constant time).
    public func hasSameEntries(as other: VaultContents) -> Bool {
        entries.count == other.entries.count
            && entries.allSatisfy { key, value in other.entries[key].map { $0 == value } ?? false }
    }

    /// Serializes the map for sealing.
    func encoded() throws -> SecureBytes {
        try VaultCodec.encode(entries)
    }

    /// Names the keys only, never a value.
    public var description: String { "VaultContents(keys: \(keys))" }
}
