import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A cross-process exclusive lock: `flock` on a separate `<file>.lock`.
///
/// The lock lives on its own file because `fcntl` locks vanish when *any* descriptor of the locked file is closed,
/// and because the data file itself is replaced by `rename` on every write. `flock` blocks: call `withLock` from
/// blocking code (see `Blocking.run`), never directly on the Swift concurrency pool.
public struct FileLock: Sendable {
    /// The path of the lock file.
    public let path: String

    /// A lock guarding `file` (the lock file is `file + ".lock"`).
    public init(guarding file: String) {
        self.path = file + ".lock"
    }

    /// Runs `body` while holding the lock exclusively, waiting for other holders.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileSystem.systemError("cannot open lock file \(path)") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw FileSystem.systemError("cannot lock \(path)") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
