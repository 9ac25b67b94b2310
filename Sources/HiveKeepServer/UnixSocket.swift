import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prepares and secures the path of the API's Unix socket.
public enum UnixSocket {
    /// The longest path a Unix socket address can hold (sun_path, minus the terminating NUL).
    static let maxPathLength = 107

    /// Makes `path` free for binding: a missing path is fine; a stale socket (nobody answers) is removed; anything
    /// else, a live socket or a file that is not a socket, is an error and is left alone.
    public static func prepare(_ path: String) throws {
        guard path.utf8.count <= maxPathLength else {
            throw HiveKeepError.invalid("socket path is \(path.utf8.count) bytes; at most \(maxPathLength) fit")
        }
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT { return }
            throw HiveKeepError.invalid("cannot inspect \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw HiveKeepError.invalid("\(path) exists and is not a socket; refusing to replace it")
        }
        if isAnswering(path) {
            throw HiveKeepError(.conflict, "another server is listening on \(path)")
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw HiveKeepError.invalid("cannot remove stale socket \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Sets the socket's mode to 0660 (owner and group may connect).
    public static func secure(_ path: String) throws {
        guard chmod(path, 0o660) == 0 else {
            throw HiveKeepError(.unavailable, "cannot set the mode of \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Whether a server accepts connections on the socket at `path`.
    static func isAnswering(_ path: String) -> Bool {
        #if canImport(Glibc)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.prefix(maxPathLength).enumerated() { buffer[index] = byte }
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }
}
