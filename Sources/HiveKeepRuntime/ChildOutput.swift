import Foundation
import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a child's output pipe to its end, line by line, off the concurrency pool.
enum ChildOutput {
    /// Every line the child writes to `child.stdoutReader` (which is closed afterwards); each goes to `progress`.
    static func collect(_ child: SpawnedChild, progress: @Sendable (String) -> Void) async throws -> [String] {
        guard let fd = child.stdoutReader else { return [] }
        defer { close(fd) }
        var lines: [String] = []
        var pending: [UInt8] = []
        while true {
            let chunk = try await Blocking.run { try readChunk(fd) }
            if chunk.isEmpty { break }
            pending += chunk
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if !line.isEmpty {
                    lines.append(line)
                    progress(line)
                }
            }
        }
        if !pending.isEmpty {
            let line = String(decoding: pending, as: UTF8.self)
            lines.append(line)
            progress(line)
        }
        return lines
    }

    private static func readChunk(_ fd: Int32) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count >= 0 { return Array(buffer[..<count]) }
            if errno != EINTR { throw SystemCallError.make("read from an installer's output") }
        }
    }
}

/// Removes credentials from text that may quote a URL (an index URL with a token, in an installer's error output).
enum Redaction {
    /// `scheme://user:password@host` becomes `scheme://***@host`.
    static func credentials(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: "://") {
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == " " || $0 == "\"" || $0 == "'" } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                result += "***"
                rest = rest[at...]
            }
        }
        return result + rest
    }
}
