import Foundation
import HiveKeepCore
import HiveKeepStore
import Sodium

/// The secrets audit log: `$XDG_STATE_HOME/hivekeep/audit.jsonl`, mode 0600, one JSON object per line, each linked to
/// the line before it (``AuditRecord``), so that an edited, inserted or deleted record breaks the chain (`verify`).
/// Once ``key`` is known every new record is keyed, and an unkeyed log continues keyed from its last line.
///
/// Appends take a cross-process lock and are synced to disk before `record` returns. When the file has reached the
/// rotation's size it becomes `audit.jsonl.1` first (older files shift up); the next record links to the last line of
/// the rotated file and continues its sequence, so the chain runs on across files.
public struct AuditLog: AuditRecorder {
    /// The rotation of the audit log when `HIVEKEEP_AUDIT_MAX_BYTES` and `HIVEKEEP_AUDIT_KEEP` do not say.
    public static let standardRotation = LogRotation(maxBytes: 4 << 20, keep: 5)

    /// The path of `audit.jsonl`.
    public let path: String
    /// The MAC key, once read from the secrets store.
    public let key: AuditKey
    /// When the log rotates and how many old files it keeps.
    public let rotation: LogRotation
    private let lock: FileLock
    private let now: @Sendable () -> Date

    public init(
        path: String, key: AuditKey = AuditKey(), rotation: LogRotation = standardRotation,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.path = path
        self.key = key
        self.rotation = rotation
        self.lock = FileLock(guarding: path)
        self.now = now
    }

    /// Appends `event` durably, linked to the current last line (in a rotated file when the log just rotated).
    public func record(_ event: AuditEvent) throws {
        try FileSystem.createDirectory(AtomicFile.parentDirectory(of: path), mode: 0o700)
        try lock.withLock {
            if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int,
                size >= rotation.maxBytes
            {
                try rotation.rotate(path)
            }
            let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw Self.failure("cannot open the audit log \(path)") }
            defer { close(fd) }
            var (lastLine, lastSequence) = try Self.lastLine(fd)
            if lastLine == nil, rotation.keep > 0 {
                (lastLine, lastSequence) = try Self.lastLine(ofFile: LogRotation.rotatedPath(path, 1))
            }
            var line = try Self.line(
                for: AuditRecord(
                    sequence: lastSequence + 1, time: Self.timestamp(now()), operation: event.operation,
                    key: event.key, provider: event.provider, outcome: event.outcome, uid: getuid(),
                    caller: event.caller, previousHash: ""),
                after: lastLine, key: key.current)
            line.append(UInt8(ascii: "\n"))
            try line.withUnsafeBytes { buffer in
                guard write(fd, buffer.baseAddress, buffer.count) == buffer.count else {
                    throw Self.failure("cannot append to the audit log \(path)")
                }
            }
            guard fsync(fd) == 0 else { throw Self.failure("cannot sync the audit log \(path)") }
        }
    }

    /// Every record in order, across the rotated files; throws when a line is not a record.
    public func records() throws -> [AuditRecord] {
        try rotation.existingFiles(of: path).flatMap { file in
            try Self.lines(of: FileSystem.readFile(file) ?? []).enumerated().map { index, line in
                do {
                    return try JSONDecoder().decode(AuditRecord.self, from: Data(line))
                } catch {
                    throw HiveKeepError(.corruptState, "audit log \(file) line \(index + 1) is not a record")
                }
            }
        }
    }

    /// The bytes of `record`'s line after `previous` (nil for the first line): linked and, with `key`, MACed.
    static func line(for record: AuditRecord, after previous: [UInt8]?, key: SecureBytes?) throws -> [UInt8] {
        var record = record
        record.previousHash = try previous.map { try hash($0, key: key) } ?? AuditRecord.genesisHash
        record.mac = nil
        guard let key else { return Array(try encoder.encode(record)) }
        record.mac = try hash(Array(try encoder.encode(record)), key: key)
        return Array(try encoder.encode(record))
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Lowercase hex BLAKE2b-256 of `line`, keyed when `key` is given.
    static func hash(_ line: [UInt8], key: SecureBytes? = nil) throws -> String {
        let digest = try BLAKE2b.hash(line, outputLength: 32, key: key)
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    static func lines(of bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map(Array.init)
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    static func failure(_ message: String) -> HiveKeepError {
        HiveKeepError(.unavailable, "\(message): \(String(cString: strerror(errno)))")
    }

    private static func lastLine(ofFile file: String) throws -> ([UInt8]?, Int) {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return (nil, 0) }
        defer { close(fd) }
        return try lastLine(fd)
    }

    /// The last complete line of the file behind `fd` and its sequence number (nil and 0 for an empty log).
    private static func lastLine(_ fd: Int32) throws -> ([UInt8]?, Int) {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return (nil, 0) }
        var window = min(Int(size), 4096)
        while true {
            var buffer = [UInt8](repeating: 0, count: window)
            let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, window, off_t(Int(size) - window)) }
            guard read == window else { throw failure("cannot read the audit log") }
            let body = buffer.last == UInt8(ascii: "\n") ? Array(buffer.dropLast()) : buffer
            if let newline = body.lastIndex(of: UInt8(ascii: "\n")) {
                return try parsed(Array(body[(newline + 1)...]))
            }
            if window == Int(size) { return try parsed(body) }
            window = min(Int(size), window * 4)
        }
    }

    private static func parsed(_ line: [UInt8]) throws -> ([UInt8]?, Int) {
        guard let record = try? JSONDecoder().decode(AuditRecord.self, from: Data(line)) else {
            throw HiveKeepError(
                .corruptState, "the last line of the audit log is not a record; run `hivekeep secret audit --verify`")
        }
        return (line, record.sequence)
    }
}
