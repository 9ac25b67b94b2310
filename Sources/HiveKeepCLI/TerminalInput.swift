import Foundation
import HiveKeepCore
import Sodium

/// Reads secret input: from a terminal without echo, or from standard input when it is not a terminal. Never from
/// an argument (arguments are visible to every local user in /proc).
enum TerminalInput {
    /// Whether standard input is a terminal.
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    /// Whether standard output is a terminal.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Prompts on the terminal with echo off and returns the line (without its newline).
    ///
    /// Echo goes off before the prompt shows, so nothing typed after it appears is echoed. An interrupt, quit,
    /// hang-up or termination while the prompt waits puts the terminal back as it was before the signal ends the
    /// process (``HiddenPromptTerminal``); otherwise a shell would be left without echo.
    static func promptHidden(_ prompt: String) throws -> SecureBytes {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else {
            throw HiveKeepError.invalid("no terminal to prompt on; pipe the value to standard input")
        }
        defer { close(tty) }
        var original = termios()
        guard tcgetattr(tty, &original) == 0 else { throw HiveKeepError.invalid("cannot configure the terminal") }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        let restore = HiddenPromptTerminal.protect(tty, original)
        defer { restore() }
        guard tcsetattr(tty, TCSAFLUSH, &silent) == 0 else { throw HiveKeepError.invalid("cannot turn off echo") }
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        return try readLine(from: tty)
    }

    /// Reads all of standard input, dropping one trailing newline.
    static func readStandardInput() throws -> SecureBytes {
        let bytes = try readAll(from: STDIN_FILENO, limit: 1 << 20)
        return try bytes.withUnsafeBytes { buffer in
            var count = buffer.count
            if count > 0, buffer[count - 1] == UInt8(ascii: "\n") { count -= 1 }
            if count > 0, buffer[count - 1] == UInt8(ascii: "\r") { count -= 1 }
            return try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// A secret value from standard input (piped) or a hidden prompt (terminal); refuses an empty value.
    static func secret(prompt: String) throws -> SecureBytes {
        let value = stdinIsTerminal ? try promptHidden(prompt) : try readStandardInput()
        guard value.count > 0 else { throw HiveKeepError.invalid("the value is empty") }
        return value
    }

    private static func readLine(from fd: Int32) throws -> SecureBytes {
        let buffer = try SecureBytes(count: 4096)
        var count = 0
        try buffer.withUnsafeMutableBytes { storage in
            var byte: UInt8 = 0
            while count < storage.count {
                let result = read(fd, &byte, 1)
                if result < 0 && errno == EINTR { continue }
                guard result == 1, byte != UInt8(ascii: "\n") else { break }
                storage[count] = byte
                count += 1
            }
            byte = 0
            if count == storage.count { throw HiveKeepError.invalid("the value is too long") }
        }
        return try buffer.withUnsafeBytes { try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    private static func readAll(from fd: Int32, limit: Int) throws -> SecureBytes {
        let buffer = try SecureBytes(count: limit)
        var count = 0
        try buffer.withUnsafeMutableBytes { storage in
            while count < storage.count {
                let result = read(fd, storage.baseAddress.map { $0 + count }, storage.count - count)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { break }
                count += result
            }
            if count == storage.count { throw HiveKeepError.invalid("the value is larger than \(limit) bytes") }
        }
        return try buffer.withUnsafeBytes { try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }
}
