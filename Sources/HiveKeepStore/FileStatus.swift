#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stat` says about a file, as plain Swift values, so that callers need not name `struct stat` (whose
/// defining Clang module, for member lookup, changes with a target's dependency graph).
public struct FileStatus: Sendable, Hashable {
    /// The permission bits and file type (`st_mode`).
    public var mode: UInt32
    public var size: Int
    public var inode: UInt64
    public var ownerID: UInt32
    public var groupID: UInt32
    /// Modification time: seconds and nanoseconds since the epoch.
    public var modifiedSeconds: Int
    public var modifiedNanoseconds: Int

    /// Whether it is a regular file.
    public var isRegularFile: Bool { (mode & UInt32(S_IFMT)) == UInt32(S_IFREG) }
    /// The permission bits alone.
    public var permissions: UInt32 { mode & 0o7777 }

    init(_ info: stat) {
        mode = UInt32(info.st_mode)
        size = Int(info.st_size)
        inode = UInt64(info.st_ino)
        ownerID = UInt32(info.st_uid)
        groupID = UInt32(info.st_gid)
        #if canImport(Darwin)
            modifiedSeconds = Int(info.st_mtimespec.tv_sec)
            modifiedNanoseconds = Int(info.st_mtimespec.tv_nsec)
        #else
            modifiedSeconds = Int(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        #endif
    }

    /// The status of `path` (following a symbolic link); nil when it does not exist; `errno` is left set.
    public static func of(path: String) -> FileStatus? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStatus(info)
    }

    /// The status of an open descriptor; nil when `fstat` fails (`errno` says why).
    public static func of(descriptor: Int32) -> FileStatus? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return FileStatus(info)
    }
}
