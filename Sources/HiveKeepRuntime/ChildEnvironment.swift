import HiveKeepCore
import Sodium

/// The complete environment of a workload's child: the allowed part of a parent environment, the workload's plain
/// variables, then its secrets (later sources win on a name clash).
///
/// Secrets stay in guarded memory: ``withEnvironmentBlock(_:)`` lays every `NAME=VALUE` string out in one
/// `SecureBytes` buffer just for the spawn, so a value is never copied into a Swift `String`, an argument or the
/// runner's own environment.
public struct ChildEnvironment: Sendable {
    /// The inherited and plain variables (no secrets).
    public private(set) var plain: [String: String]
    /// The secret variables.
    public let secrets: SecretEnvironment

    /// Builds the environment.
    ///
    /// - Parameters:
    ///   - parent: the environment to inherit from (usually the runner's); only names `allowlist` allows are kept.
    ///   - variables: the workload's `env_vars`, passed as they are (they may override inherited ones).
    ///   - secrets: the resolved secrets, by target variable name.
    /// - Throws: `HiveKeepError` (`.invalidArgument`) for an invalid variable name or a value with a NUL byte.
    public init(
        parent: [String: String], allowlist: EnvironmentAllowlist = .standard, variables: [String: String] = [:],
        secrets: SecretEnvironment = SecretEnvironment()
    ) throws {
        var plain = allowlist.filter(parent)
        for (name, value) in variables {
            try EnvironmentName.check(name)
            guard !value.utf8.contains(0) else {
                throw HiveKeepError.invalid("the value of \(name) contains a NUL byte")
            }
            plain[name] = value
        }
        let secretNames = Set(secrets.names)
        self.plain = plain.filter { !secretNames.contains($0.key) }
        self.secrets = secrets
    }

    /// Every variable name (plain and secret), sorted; never a value.
    public var names: [String] {
        (Array(plain.keys) + secrets.names).sorted()
    }

    /// Calls `body` with a NULL-terminated `envp` array whose strings live in one guarded buffer, zeroed and freed
    /// when `body` returns. The pointers must not escape.
    public func withEnvironmentBlock<Result>(
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) throws -> Result
    ) throws -> Result {
        let secretEntries = secrets.entries
        let plainEntries = plain.sorted { $0.key < $1.key }.map { (Array($0.key.utf8), Array($0.value.utf8)) }
        var total = plainEntries.reduce(0) { $0 + $1.0.count + $1.1.count + 2 }
        total += secretEntries.reduce(0) { $0 + $1.name.utf8.count + $1.value.count + 2 }
        let block: SecureBytes
        do { block = try SecureBytes(count: total) } catch {
            throw HiveKeepError(.internalError, "no guarded memory for the child's environment", cause: error)
        }
        var offsets: [Int] = []
        block.withUnsafeMutableBytes { buffer in
            var offset = 0
            func append(_ name: [UInt8], _ value: UnsafeRawBufferPointer) {
                offsets.append(offset)
                for byte in name {
                    buffer[offset] = byte
                    offset += 1
                }
                buffer[offset] = UInt8(ascii: "=")
                offset += 1
                if value.count > 0 {
                    UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + value.count]).copyMemory(
                        from: value)
                }
                offset += value.count
                buffer[offset] = 0
                offset += 1
            }
            for (name, value) in plainEntries {
                value.withUnsafeBytes { append(name, $0) }
            }
            for entry in secretEntries {
                entry.value.withUnsafeBytes { append(Array(entry.name.utf8), $0) }
            }
        }
        return try block.withUnsafeBytes { buffer in
            let base = UnsafeMutableRawPointer(mutating: buffer.baseAddress)
            var pointers: [UnsafeMutablePointer<CChar>?] = offsets.map { offset in
                base.map { ($0 + offset).assumingMemoryBound(to: CChar.self) }
            }
            pointers.append(nil)
            return try pointers.withUnsafeBufferPointer { array in
                // The array is never empty (it ends with nil), so it has a base address.
                guard let start = array.baseAddress else { throw HiveKeepError(.internalError, "empty envp") }
                return try body(start)
            }
        }
    }
}
