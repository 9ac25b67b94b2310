import Foundation
import HiveKeepCore
import HiveKeepStore
import Sodium

/// The secrets audit log: `$XDG_STATE_HOME/hivekeep/audit.jsonl`, mode 0600, one JSON object per line, each
/// carrying the BLAKE2b hash of the line before it, so that an edited, inserted or deleted record breaks the chain
/// (`verify`). Appends take a cross-process lock and are synced to disk before `record` returns.
public struct AuditLog: AuditRecorder {
    /// The path of `audit.jsonl`.
    public let path: String
    private let lock: FileLock
    private let now: @Sendable () -> Date

    public init(path: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.path = path
        self.lock = FileLock(guarding: path)
        self.now = now
    }

    /// Appends `event` durably, chained to the current last line.
    public func record(_ event: AuditEvent) throws {
        try FileSystem.createDirectory(AtomicFile.parentDirectory(of: path), mode: 0o700)
        try lock.withLock {
            let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw Self.failure("cannot open the audit log \(path)") }
            defer { close(fd) }
            let (lastLine, lastSequence) = try Self.lastLine(fd)
            let record = AuditRecord(
                sequence: lastSequence + 1,
                time: Self.timestamp(now()),
                operation: event.operation,
                key: event.key,
                provider: event.provider,
                outcome: event.outcome,
                uid: getuid(),
                caller: event.caller,
                previousHash: try lastLine.map(Self.hash) ?? AuditRecord.genesisHash
            )
            var line = try Self.encoder.encode(record)
            line.append(UInt8(ascii: "\n"))
            try line.withUnsafeBytes { buffer in
                guard write(fd, buffer.baseAddress, buffer.count) == buffer.count else {
                    throw Self.failure("cannot append to the audit log \(path)")
                }
            }
            guard fsync(fd) == 0 else { throw Self.failure("cannot sync the audit log \(path)") }
        }
    }

    /// Every record in order; throws when a line is not a record.
    public func records() throws -> [AuditRecord] {
        try Self.lines(of: FileSystem.readFile(path) ?? []).enumerated().map { index, line in
            do {
                return try JSONDecoder().decode(AuditRecord.self, from: Data(line))
            } catch {
                throw HiveKeepError(.corruptState, "audit log line \(index + 1) is not a record")
            }
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func hash(_ line: [UInt8]) throws -> String {
        let digest = try BLAKE2b.hash(line, outputLength: 32)
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
