import CHiveKeepSystem
import HiveKeepCore
import Sodium

#if canImport(Glibc)
    import Glibc
#endif

/// Hands a workload's secrets from the API server to its runner over an inherited pipe, at spawn: never in
/// arguments, never in the runner's environment, never in a file.
///
/// The format is binary and length-prefixed: the magic `HKS1`, a big-endian UInt32 entry count, then per entry a
/// UInt32 name length, the name (UTF-8), a UInt32 value length and the value bytes. The reader reads each value
/// straight into a `SecureBytes`; the writer writes each value straight from one.
public enum SecretsHandover {
    static let magic: [UInt8] = Array("HKS1".utf8)
    static let maxEntries = 4096
    static let maxNameLength = 256
    static let maxValueLength = 1 << 20

    /// A new pipe for the handover, both ends close-on-exec: map the reader into the runner with
    /// ``SpawnOptions/inheritedDescriptors`` (for example as descriptor 3), close it in the parent after the spawn,
    /// then ``write(_:to:)`` to the writer (off the concurrency pool: it blocks once the pipe buffer is full) and
    /// close the writer.
    public static func makePipe() throws -> (reader: Int32, writer: Int32) {
        var ends: [Int32] = [-1, -1]
        guard hivekeep_pipe_cloexec(&ends) == 0 else { throw SystemCallError.make("pipe2") }
        return (ends[0], ends[1])
    }

    /// Writes `secrets` to `fd` (blocking until the reader has taken everything a pipe cannot buffer). Does not
    /// close `fd`.
    public static func write(_ secrets: SecretEnvironment, to fd: Int32) throws {
        let entries = secrets.entries
        var header = magic
        appendLength(entries.count, to: &header)
        try writeAll(fd, header)
        for entry in entries {
            var name: [UInt8] = []
            appendLength(entry.name.utf8.count, to: &name)
            name += Array(entry.name.utf8)
            appendLength(entry.value.count, to: &name)
            try writeAll(fd, name)
            try entry.value.withUnsafeBytes { try writeAll(fd, $0) }
        }
    }

    /// Reads one complete set of secrets from `fd`. Does not close `fd`.
    /// - Throws: `HiveKeepError` (`.invalidArgument`) for a stream that is short, malformed or over the limits.
    public static func read(from fd: Int32) throws -> SecretEnvironment {
        var magicBytes = [UInt8](repeating: 0, count: 4)
        try magicBytes.withUnsafeMutableBytes { try readAll(fd, $0) }
        guard magicBytes == magic else { throw HiveKeepError.invalid("the secrets handover has no HKS1 header") }
        let count = try readLength(fd, limit: maxEntries, what: "entry count")
        let secrets = SecretEnvironment()
        for _ in 0..<count {
            let nameLength = try readLength(fd, limit: maxNameLength, what: "name length")
            var name = [UInt8](repeating: 0, count: nameLength)
            try name.withUnsafeMutableBytes { try readAll(fd, $0) }
            let valueLength = try readLength(fd, limit: maxValueLength, what: "value length")
            let value: SecureBytes
            do { value = try SecureBytes(count: valueLength) } catch {
                throw HiveKeepError(.internalError, "no guarded memory for a secret", cause: error)
            }
            try value.withUnsafeMutableBytes { try readAll(fd, $0) }
            try secrets.set(String(decoding: name, as: UTF8.self), value)
        }
        return secrets
    }

    private static func appendLength(_ length: Int, to bytes: inout [UInt8]) {
        let value = UInt32(truncatingIfNeeded: length)
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static func readLength(_ fd: Int32, limit: Int, what: String) throws -> Int {
        var bytes = [UInt8](repeating: 0, count: 4)
        try bytes.withUnsafeMutableBytes { try readAll(fd, $0) }
        let value = bytes.reduce(0) { $0 << 8 | Int($1) }
        guard value <= limit else {
            throw HiveKeepError.invalid("the secrets handover's \(what) \(value) is over the limit \(limit)")
        }
        return value
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writeAll(fd, $0) }
    }

    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemCallError.make("write to the secrets pipe")
            }
            offset += written
        }
    }

    private static func readAll(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let got = Glibc.read(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if got < 0 {
                if errno == EINTR { continue }
                throw SystemCallError.make("read from the secrets pipe")
            }
            guard got > 0 else { throw HiveKeepError.invalid("the secrets handover ended early") }
            offset += got
        }
    }
}
