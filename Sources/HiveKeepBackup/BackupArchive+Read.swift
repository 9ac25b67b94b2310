import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#endif

extension BackupArchive {
    /// The bytes of the archive at `path`: a regular file of at most ``maximumSize`` bytes, read with a bound, so
    /// a named pipe, a device or a file that grows while it is read cannot make a restore wait or fill memory.
    public static func read(path: String) throws -> [UInt8] {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ENOENT { throw HiveKeepError.notFound("no such backup archive: \(path)") }
            throw HiveKeepError.invalid("cannot open the backup archive \(path): \(String(cString: strerror(errno)))")
        }
        defer { Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw HiveKeepError.invalid("\(path) is not a regular file; a backup archive is one")
        }
        guard Int(info.st_size) <= maximumSize else {
            throw HiveKeepError.invalid("\(path) is larger than a backup archive can be (\(maximumSize >> 20) MiB)")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let result = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
            if result < 0, errno == EINTR { continue }
            guard result >= 0 else {
                throw HiveKeepError.invalid("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if result == 0 { break }
            count += result
        }
        guard count <= Int(info.st_size) else {
            throw HiveKeepError.invalid("\(path) grew while it was read; make the backup again")
        }
        return Array(bytes.prefix(count))
    }
}
