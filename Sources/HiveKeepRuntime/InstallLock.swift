import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` on a lock file, waited for off the concurrency pool; released by closing the file.
struct InstallLock: Sendable {
    private let fd: Int32

    static func acquire(_ path: String) async throws -> InstallLock {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
        try makeDirectories(directory)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemCallError.make("open \(path)") }
        do {
            try await Blocking.run {
                while flock(fd, LOCK_EX) != 0 {
                    guard errno == EINTR else { throw SystemCallError.make("flock \(path)") }
                }
            }
        } catch {
            close(fd)
            throw error
        }
        return InstallLock(fd: fd)
    }

    func release() { close(fd) }

    private static func makeDirectories(_ path: String) throws {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/\(part)"
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw SystemCallError.make("mkdir \(current)")
            }
        }
    }
}
