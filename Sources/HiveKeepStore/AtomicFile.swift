import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces files atomically and durably.
///
/// The new content goes to a temporary file in the same directory, created with the target's mode (or the given
/// mode for a new file) so that a 0600 file is never 0644 even for a moment; it is flushed with `fsync`, renamed over
/// the target, and the directory is synced so that the rename itself survives a crash. A reader sees either the old
/// or the new content, never a mix. `Data.write(options: .atomic)` is not used: on Linux it resets the mode.
public enum AtomicFile {
    /// Writes `bytes` to `path`. An existing file keeps its permission bits; a new one gets `mode`.
    public static func write(_ bytes: some Collection<UInt8>, to path: String, mode: mode_t = 0o600) throws {
        let targetMode = try FileSystem.mode(of: path) ?? mode
        let directory = parentDirectory(of: path)
        let temporary = "\(directory)/.\(baseName(of: path)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, targetMode)
        guard fd >= 0 else { throw FileSystem.systemError("cannot create \(temporary)") }
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            // The umask may have removed bits from the creation mode; set exactly the target's mode.
            guard fchmod(fd, targetMode) == 0 else { throw FileSystem.systemError("cannot set mode of \(temporary)") }
            try writeAll(fd, Array(bytes), path: temporary)
            guard fsync(fd) == 0 else { throw FileSystem.systemError("cannot sync \(temporary)") }
        }
        guard rename(temporary, path) == 0 else { throw FileSystem.systemError("cannot replace \(path)") }
        renamed = true
        try syncDirectory(directory)
    }

    /// Removes the temporary files that writers of `path` left when they were killed mid-write: those named
    /// `.<name>.<pid>.<n>.tmp` whose process is gone. A live writer's file is never touched.
    /// - Returns: how many were removed.
    @discardableResult
    public static func removeAbandonedTemporaries(of path: String) -> Int {
        let directory = parentDirectory(of: path)
        let prefix = ".\(baseName(of: path))."
        guard let handle = opendir(directory) else { return 0 }
        var abandoned: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix(prefix), name.hasSuffix(".tmp") else { continue }
            let parts = name.dropFirst(prefix.count).dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, UInt32(parts[1]) != nil else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { abandoned.append(name) }
        }
        closedir(handle)
        return abandoned.filter { unlink("\(directory)/\($0)") == 0 }.count
    }

    /// Flushes a directory's entries (a rename or a new file in it) to disk.
    public static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.systemError("cannot open directory \(directory)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileSystem.systemError("cannot sync directory \(directory)") }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return systemWrite(fd, base + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileSystem.systemError("cannot write \(path)")
            }
            offset += written
        }
    }

    private static func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(fd, pointer, count)
        #else
            Darwin.write(fd, pointer, count)
        #endif
    }

    /// The directory part of `path`.
    public static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
