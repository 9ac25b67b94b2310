import HiveKeepCore
import Sodium
import Synchronization

/// Secret environment variables for a child: name -> value, each value in its own `SecureBytes` (libsodium guarded
/// memory, zeroed when the last reference goes away). Nothing here ever prints a value.
///
/// `@unchecked Sendable`: the only state is a dictionary behind a `Mutex`; the `SecureBytes` it holds are
/// themselves `Sendable` and never written after they are stored.
public final class SecretEnvironment: @unchecked Sendable, CustomStringConvertible {
    private let storage = Mutex<[String: SecureBytes]>([:])

    /// Creates an empty set.
    public init() {}

    /// Sets `name` to a copy of `value` (which the caller should wipe if it can).
    /// - Throws: `HiveKeepError` (`.invalidArgument`) for a name that is not an environment variable name or a value
    ///   containing a NUL byte; `.internalError` when guarded memory cannot be allocated.
    public func set(_ name: String, copying value: some Collection<UInt8>) throws {
        guard !value.contains(0) else {
            throw HiveKeepError.invalid("the secret for \(name) contains a NUL byte and cannot be an environment value")
        }
        let bytes: SecureBytes
        do { bytes = try SecureBytes(copying: value) } catch {
            throw HiveKeepError(.internalError, "no guarded memory for a secret", cause: error)
        }
        try set(name, bytes)
    }

    /// Sets `name` to `value`, keeping a reference to the buffer (not a copy).
    public func set(_ name: String, _ value: SecureBytes) throws {
        try EnvironmentName.check(name)
        let hasNUL = value.withUnsafeBytes { $0.contains(0) }
        guard !hasNUL else {
            throw HiveKeepError.invalid("the secret for \(name) contains a NUL byte and cannot be an environment value")
        }
        storage.withLock { $0[name] = value }
    }

    /// Removes `name`.
    public func remove(_ name: String) {
        _ = storage.withLock { $0.removeValue(forKey: name) }
    }

    /// The secret named `name`, if any.
    public func value(_ name: String) -> SecureBytes? {
        storage.withLock { $0[name] }
    }

    /// The variable names, sorted; never the values.
    public var names: [String] {
        storage.withLock { $0.keys.sorted() }
    }

    /// The number of secrets.
    public var count: Int { storage.withLock { $0.count } }

    /// A snapshot of the entries, sorted by name.
    var entries: [(name: String, value: SecureBytes)] {
        storage.withLock { $0.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) } }
    }

    /// The names only, so that logging the object never shows a secret.
    public var description: String { "SecretEnvironment(\(names.joined(separator: ", ")))" }
}

/// Environment variable names: `[A-Za-z_][A-Za-z0-9_]*`, as the registry schema requires.
public enum EnvironmentName {
    /// Whether `name` is a valid variable name (at most 256 bytes).
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 256 else { return false }
        let isLetter = { (s: Unicode.Scalar) in ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_" }
        return isLetter(first) && name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }

    /// Throws a 400-class error naming `name` when it is not a valid variable name.
    public static func check(_ name: String) throws {
        guard isValid(name) else {
            throw HiveKeepError.invalid("'\(name)' is not a valid environment variable name")
        }
    }
}
