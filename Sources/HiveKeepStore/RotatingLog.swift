import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A log file written by another process through an `O_APPEND` descriptor (a runner's standard streams, an MCP
/// server's standard error), kept under its size cap by copy and truncate: the file is copied to `<path>.1` (older
/// copies shift up, see ``LogRotation``) and truncated in place, so the writer's next append lands at the start of
/// the now empty file. Lines written between the copy and the truncation are lost; the writer needs no change.
public struct RotatingLog: Sendable {
    /// The rotation of workload logs when `HIVEKEEP_LOG_MAX_BYTES` and `HIVEKEEP_LOG_KEEP` do not say.
    public static let standardRotation = LogRotation(maxBytes: 10 << 20, keep: 3)

    public let path: String
    public let rotation: LogRotation

    public init(path: String, rotation: LogRotation) {
        self.path = path
        self.rotation = rotation
    }

    /// The rotation `environment` asks for (`HIVEKEEP_LOG_MAX_BYTES`, `HIVEKEEP_LOG_KEEP`).
    public static func configuredRotation(_ environment: [String: String]) throws -> LogRotation {
        try LogRotation.configured(prefix: "HIVEKEEP_LOG", environment: environment, fallback: standardRotation)
    }

    /// Rotates the file when it has reached the cap; returns whether it did.
    @discardableResult
    public func rotateIfNeeded() throws -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, Int(info.st_size) >= rotation.maxBytes else { return false }
        if rotation.keep > 0 {
            let copy = LogRotation.rotatedPath(path, 1) + ".tmp"
            try Self.copy(path, to: copy)
            try rotation.rotate(path, keepingCurrent: copy)
        }
        guard truncate(path, 0) == 0 else { throw FileSystem.systemError("cannot truncate \(path)") }
        return true
    }

    /// Removes the file and every rotated copy of it.
    public static func remove(_ path: String) {
        unlink(path)
        for index in 1...101 { unlink(LogRotation.rotatedPath(path, index)) }
    }

    /// Runs `body` while checking `logs` every `interval`, rotating those over their cap; the check stops with `body`.
    public static func watching<T: Sendable>(
        _ logs: [RotatingLog], every interval: Duration = .seconds(2), _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while !Task.isCancelled {
                    for log in logs { _ = try? log.rotateIfNeeded() }
                    try? await Task.sleep(for: interval)
                }
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }

    private static func copy(_ source: String, to target: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw FileSystem.systemError("cannot open \(source)") }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw FileSystem.systemError("cannot create \(target)") }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw FileSystem.systemError("cannot read \(source)") }
            if count == 0 { break }
            try buffer.withUnsafeBytes { bytes in
                guard write(output, bytes.baseAddress, count) == count else {
                    throw FileSystem.systemError("cannot write \(target)")
                }
            }
        }
        guard fsync(output) == 0 else { throw FileSystem.systemError("cannot sync \(target)") }
    }
}
