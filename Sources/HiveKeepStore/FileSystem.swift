import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin, checked wrappers over the POSIX calls the store needs.
public enum FileSystem {
    /// Creates `path` and its missing parents with `mode`; an existing directory is fine.
    public static func createDirectory(_ path: String, mode: mode_t) throws {
        var current = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + component
            if mkdir(current, mode) != 0 && errno != EEXIST {
                throw systemError("cannot create directory \(current)")
            }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw systemError("cannot inspect \(path)") }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw HiveKeepError(.corruptState, "\(path) exists and is not a directory")
        }
    }

    /// The contents of `path`, or nil when it does not exist.
    public static func readFile(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw systemError("cannot open \(path)")
        }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw systemError("cannot read \(path)")
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    /// The permission bits of `path`, or nil when it does not exist.
    public static func mode(of path: String) throws -> mode_t? {
        var info = stat()
        if stat(path, &info) != 0 {
            if errno == ENOENT { return nil }
            throw systemError("cannot inspect \(path)")
        }
        return info.st_mode & 0o7777
    }

    /// Whether the current user may write into the directory at `path`.
    public static func isWritableDirectory(_ path: String) -> Bool {
        access(path, W_OK | X_OK) == 0
    }

    /// An error carrying `errno`'s text for a failed system call.
    static func systemError(_ message: String, errno code: Int32 = errno) -> HiveKeepError {
        HiveKeepError(.unavailable, "\(message): \(String(cString: strerror(code)))")
    }
}
