import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a log file rotates: when it reaches ``maxBytes`` it becomes `<path>.1`, the older files shift up
/// (`<path>.1` to `<path>.2`, ...) and the oldest beyond ``keep`` is removed.
public struct LogRotation: Sendable, Hashable {
    /// The size at which the file is rotated before the next write.
    public var maxBytes: Int
    /// How many rotated files are kept (`<path>.1` ... `<path>.<keep>`); 0 keeps none.
    public var keep: Int

    public init(maxBytes: Int, keep: Int) {
        self.maxBytes = max(maxBytes, 1)
        self.keep = max(keep, 0)
    }

    /// The rotation that `<PREFIX>_MAX_BYTES` and `<PREFIX>_KEEP` in `environment` ask for, `fallback` for what they
    /// leave out.
    /// - Throws: 400 (`.invalidArgument`) naming the variable when its value is not a whole number in range.
    public static func configured(
        prefix: String, environment: [String: String], fallback: LogRotation
    ) throws -> LogRotation {
        func number(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw HiveKeepError.invalid("\(name) must be a whole number within \(range), not '\(text)'")
            }
            return value
        }
        return LogRotation(
            maxBytes: try number(prefix + "_MAX_BYTES", 4096...(1 << 40)) ?? fallback.maxBytes,
            keep: try number(prefix + "_KEEP", 0...100) ?? fallback.keep)
    }

    /// `<path>.<index>`; index 0 is `path` itself.
    public static func rotatedPath(_ path: String, _ index: Int) -> String {
        index == 0 ? path : "\(path).\(index)"
    }

    /// The existing files of `path`, oldest first, `path` itself last (when it exists).
    public func existingFiles(of path: String) -> [String] {
        (0...keep).reversed().map { Self.rotatedPath(path, $0) }.filter { access($0, F_OK) == 0 }
    }

    /// Shifts the rotated files up by one, drops the one past ``keep``, and renames `path` to `<path>.1` (or removes
    /// it when ``keep`` is 0); then syncs the directory so the renames survive a crash.
    public func rotate(_ path: String) throws {
        try rotate(path, keepingCurrent: path)
    }

    /// ``rotate(_:)`` with `current` (the file itself, or a copy of it) becoming `<path>.1`.
    public func rotate(_ path: String, keepingCurrent current: String) throws {
        unlink(Self.rotatedPath(path, keep + 1))
        if keep == 0 {
            unlink(current)
        } else {
            unlink(Self.rotatedPath(path, keep))
            for index in stride(from: keep - 1, through: 1, by: -1) {
                let from = Self.rotatedPath(path, index)
                guard rename(from, Self.rotatedPath(path, index + 1)) == 0 || errno == ENOENT else {
                    throw FileSystem.systemError("cannot rotate \(from)")
                }
            }
            guard rename(current, Self.rotatedPath(path, 1)) == 0 || errno == ENOENT else {
                throw FileSystem.systemError("cannot rotate \(current)")
            }
        }
        try AtomicFile.syncDirectory(AtomicFile.parentDirectory(of: path))
    }
}
