import Foundation
import Glibc
import HiveKeepBackup
import HiveKeepCore
import HiveKeepStore
import Sodium

/// The passphrase of a backup archive: from `--passphrase-file` or a hidden prompt, never an argument.
enum BackupPassphrase {
    /// The longest passphrase file read, in bytes.
    static let maximumFileSize = 4096

    /// Reads the passphrase from `file` when given, else prompts on the terminal (twice when `confirm`).
    static func read(file: String?, confirm: Bool) throws -> SecureBytes {
        let passphrase: SecureBytes
        if let file {
            passphrase = try load(file)
        } else {
            guard TerminalInput.stdinIsTerminal else {
                throw HiveKeepError.invalid(
                    "no terminal to ask for the backup passphrase on; give it with --passphrase-file FILE")
            }
            passphrase = try TerminalInput.promptHidden("Backup passphrase: ")
            if confirm {
                let again = try TerminalInput.promptHidden("Backup passphrase (again): ")
                guard passphrase == again else { throw HiveKeepError.invalid("the two passphrases differ") }
            }
        }
        guard passphrase.count > 0 else { throw HiveKeepError.invalid("the backup passphrase is empty") }
        try BackupArchive.checkPassphrase(passphrase)
        return passphrase
    }

    /// The file's bytes without one trailing newline; warns when others than its owner may read it.
    private static func load(_ path: String) throws -> SecureBytes {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw HiveKeepError.invalid("cannot read the passphrase file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        if let mode = try? FileSystem.mode(of: path), mode & 0o077 != 0 {
            FileHandle.standardError.write(
                Data("hivekeep: warning: the passphrase file \(path) is readable by others; chmod 600 it\n".utf8))
        }
        let buffer = try SecureBytes(count: maximumFileSize + 1)
        var count = 0
        buffer.withUnsafeMutableBytes { storage in
            while count < storage.count {
                let result = Glibc.read(fd, storage.baseAddress.map { $0 + count }, storage.count - count)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { break }
                count += result
            }
        }
        guard count <= maximumFileSize else {
            throw HiveKeepError.invalid("the passphrase file \(path) is larger than \(maximumFileSize) bytes")
        }
        return try buffer.withUnsafeBytes { bytes in
            var end = count
            if end > 0, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
            if end > 0, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            return try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[0..<end]))
        }
    }
}
