import HiveKeepCore
import Sodium

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a vault password file straight into a secure buffer, never through a `String`.
enum VaultPasswordFile {
    /// The password in the file at `path`, without one trailing newline.
    ///
    /// - Parameter variable: The environment variable that named the file, for messages; nil for a credential.
    /// - Throws: `.invalidArgument` when the file is missing (named by a variable), not a regular file, accessible by
    ///   group or others, empty, or longer than ``VaultPasswordSource/maximumFileSize``; `.unavailable` when it
    ///   cannot be read.
    static func load(_ path: String, namedBy variable: String?) throws -> SecureBytes {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT {
                let namer = variable.map { "\($0) names \(path)" } ?? "the password file \(path)"
                throw HiveKeepError.invalid("\(namer), which does not exist")
            }
            throw HiveKeepError(
                .unavailable, "cannot open the password file \(path): \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        try checkPrivate(fd, path)
        let limit = VaultPasswordSource.maximumFileSize
        let buffer = try secure(count: limit + 1)
        let length = try buffer.withUnsafeMutableBytes { bytes in try readAll(fd, into: bytes, path) }
        guard length <= limit else {
            throw HiveKeepError.invalid("the password file \(path) is longer than \(limit) bytes")
        }
        return try buffer.withUnsafeBytes { bytes in
            var end = length
            if end > 0, bytes[end - 1] == UInt8(ascii: "\n") {
                end -= 1
            }
            guard end > 0 else {
                throw HiveKeepError.invalid("the password file \(path) is empty")
            }
            return try secure(UnsafeRawBufferPointer(rebasing: bytes[0..<end]))
        }
    }

    /// A secure copy of `bytes`, with an allocation failure as a HiveKeep error.
    static func secure(_ bytes: some Collection<UInt8>) throws -> SecureBytes {
        do {
            return try SecureBytes(copying: bytes)
        } catch {
            throw HiveKeepError(.internalError, "cannot allocate a secure buffer for the vault password", cause: error)
        }
    }

    private static func secure(count: Int) throws -> SecureBytes {
        do {
            return try SecureBytes(count: count)
        } catch {
            throw HiveKeepError(.internalError, "cannot allocate a secure buffer for the vault password", cause: error)
        }
    }

    /// Refuses anything but a regular file that only its owner can access.
    private static func checkPrivate(_ fd: Int32, _ path: String) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw HiveKeepError(
                .unavailable, "cannot inspect the password file \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw HiveKeepError.invalid("the password file \(path) is not a regular file")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw HiveKeepError.invalid(
                "the password file \(path) is accessible by group or others (mode \(String(mode, radix: 8))): "
                    + "make it private with chmod 600 \(path)")
        }
    }

    /// Reads until end of file or until `bytes` is full; returns the number of bytes read.
    private static func readAll(_ fd: Int32, into bytes: UnsafeMutableRawBufferPointer, _ path: String) throws -> Int {
        var total = 0
        while total < bytes.count {
            let count = read(fd, bytes.baseAddress.map { $0 + total }, bytes.count - total)
            if count < 0 {
                if errno == EINTR { continue }
                throw HiveKeepError(
                    .unavailable, "cannot read the password file \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            total += count
        }
        return total
    }
}
