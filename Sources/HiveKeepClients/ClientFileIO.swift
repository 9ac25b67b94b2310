import HiveKeepCore
import HiveKeepStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system calls behind `ClientConfigFile`.
enum ClientFileIO {
    static func failure(_ message: String, _ code: Int32 = errno) -> HiveKeepError {
        HiveKeepError(.unavailable, "\(message): \(String(cString: strerror(code)))")
    }

    /// Follows symlinks (also a dangling one, whose target is then created) to the file to write.
    static func resolveSymlinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            if count < 0 {
                if errno == EINVAL || errno == ENOENT { return current }
                throw failure("cannot read link \(current)")
            }
            let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : AtomicFile.parentDirectory(of: current) + "/" + target
        }
        throw HiveKeepError.invalid("\(path): too many levels of symbolic links")
    }

    /// The file's bytes and identity, or nil when it does not exist.
    static func snapshot(_ path: String) throws -> ClientConfigFile.Snapshot? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw failure("cannot open \(path)")
        }
        defer { close(fd) }
        guard let info = FileStatus.of(descriptor: fd) else { throw failure("cannot inspect \(path)") }
        guard info.isRegularFile else { throw HiveKeepError.invalid("\(path) is not a regular file") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read \(path)")
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return .init(
            bytes: bytes, size: info.size, inode: info.inode,
            modified: .init(seconds: info.modifiedSeconds, nanoseconds: info.modifiedNanoseconds))
    }

    /// Atomically replaces `path` with `bytes`, keeping an existing file's mode and owner (0600 for a new one).
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let info = FileStatus.of(path: path)
        let mode = mode_t(info?.permissions ?? 0o600)
        let directory = AtomicFile.parentDirectory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? "file"
        let temporary = "\(directory)/.\(name).hivekeep.\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(fd) }
            if let info, info.ownerID != geteuid() || info.groupID != getegid() {
                guard fchown(fd, info.ownerID, info.groupID) == 0 else {
                    throw failure("cannot keep the owner of \(path)")
                }
            }
            guard fchmod(fd, mode) == 0 else { throw failure("cannot set the mode of \(temporary)") }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { buffer -> Int in
                    guard let base = buffer.baseAddress else { return 0 }
                    return write(fd, base + offset, buffer.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure("cannot write \(temporary)")
                }
                offset += written
            }
            guard fsync(fd) == 0 else { throw failure("cannot sync \(temporary)") }
        }
        guard rename(temporary, path) == 0 else { throw failure("cannot replace \(path)") }
        renamed = true
        try AtomicFile.syncDirectory(directory)
    }
}
