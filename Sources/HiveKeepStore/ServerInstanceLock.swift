import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lock a running `hivekeep serve` holds on its installation (`STATE/serve.lock`, `flock`), for as long as it
/// runs: one server per installation (two would both reconcile and start the same workloads), and no restore into an
/// installation whose server is running.
///
/// The descriptor is close-on-exec, so the runners a server starts do not hold it: they outlive the server, and the
/// next server takes the lock. The kernel drops the lock when the process ends, however it ends (SIGKILL included),
/// so there is never a stale lock to remove. The file holds the holder's pid, for messages only.
public final class ServerInstanceLock: Sendable {
    private let fd: Int32
    /// The lock file.
    public let path: String

    /// The lock file of the installation at `paths`.
    public static func path(_ paths: HiveKeepPaths) -> String { paths.stateDirectory + "/serve.lock" }

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Takes the lock for this process, or fails at once when another process holds it.
    /// - Throws: `.conflict` naming the holder's pid and the installation; a system error when the file cannot be
    ///   opened.
    public static func acquire(_ paths: HiveKeepPaths) throws -> ServerInstanceLock {
        let path = path(paths)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw FileSystem.systemError("cannot open \(path)") }
        let taken: Bool
        do {
            taken = try tryLock(fd, path)
        } catch {
            close(fd)
            throw error
        }
        guard taken else {
            let holder = holderPID(fd)
            close(fd)
            throw HiveKeepError(
                .conflict,
                "another hivekeep serve\(holder.map { " (pid \($0))" } ?? "") is running on this installation "
                    + "(\(paths.stateDirectory)); stop it first")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return ServerInstanceLock(fd: fd, path: path)
    }

    /// The pid of the server running on the installation at `paths`, when one is (its lock is held); nil when none
    /// is. Takes and drops the lock to find out, so it never blocks.
    /// - Returns: `.some(nil)` when a server runs but its pid cannot be read.
    public static func runningServer(_ paths: HiveKeepPaths) -> Int32?? {
        let fd = open(path(paths), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if (try? tryLock(fd, path(paths))) != false {
            _ = flock(fd, LOCK_UN)
            return nil
        }
        return .some(holderPID(fd))
    }

    /// Whether the lock was taken; false when another process holds it.
    /// - Throws: a system error for any other failure of `flock`.
    private static func tryLock(_ fd: Int32, _ path: String) throws -> Bool {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EWOULDBLOCK { return false }
            guard errno == EINTR else { throw FileSystem.systemError("cannot lock \(path)") }
        }
        return true
    }

    private static func holderPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count].prefix { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self))
    }
}
