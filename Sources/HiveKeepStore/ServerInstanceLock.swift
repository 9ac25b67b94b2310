import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lock every running `hivekeep serve` holds on its installation, shared, for as long as it runs, so that
/// `restore`, which needs it exclusively, never writes into an installation a server is using. Several servers may
/// share one installation (one on TCP and one on the Unix socket, where signing is answered).
///
/// The lock is a `flock` on the state directory itself (`STATE/hivekeep`), so it adds no file to the installation.
/// The descriptor is close-on-exec, so the runners a server starts do not hold it: they outlive the server. The
/// kernel drops the lock when the process ends, however it ends (SIGKILL included), so there is never a stale lock
/// to remove.
public final class ServerInstanceLock: Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Takes the shared lock for this process (the state directory must exist); waits only while a restore holds
    /// it exclusively.
    /// - Throws: a system error when the directory cannot be opened or locked.
    public static func acquire(_ paths: HiveKeepPaths) throws -> ServerInstanceLock {
        let path = paths.stateDirectory
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.systemError("cannot open \(path)") }
        let failure = lock(fd, LOCK_SH)
        guard failure == 0 else {
            close(fd)
            throw FileSystem.systemError("cannot lock \(path)", errno: failure)
        }
        return ServerInstanceLock(fd: fd)
    }

    /// Runs `body` with the lock held exclusively: no server runs on the installation at `paths` meanwhile, and
    /// none can start. An installation without a state directory has no server, and `body` runs as it is.
    /// - Throws: `.conflict` when a server is running (its shared lock is held), without waiting; a system error
    ///   when the directory cannot be opened or locked; whatever `body` throws.
    public static func withNoServerRunning<T>(
        _ paths: HiveKeepPaths, _ body: () async throws -> T
    ) async throws -> T {
        let path = paths.stateDirectory
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            guard errno == ENOENT else { throw FileSystem.systemError("cannot open \(path)") }
            return try await body()
        }
        defer { close(fd) }
        switch lock(fd, LOCK_EX | LOCK_NB) {
        case 0: return try await body()
        case EWOULDBLOCK:
            throw HiveKeepError(
                .conflict,
                "hivekeep serve is running on this installation (\(path)); stop it (and the workloads it runs) first")
        case let failure: throw FileSystem.systemError("cannot lock \(path)", errno: failure)
        }
    }

    /// `flock(fd, operation)`, again after an interrupting signal: 0 once it holds, else the `errno` it failed with.
    private static func lock(_ fd: Int32, _ operation: Int32) -> Int32 {
        while flock(fd, operation) != 0 {
            guard errno == EINTR else { return errno }
        }
        return 0
    }
}
