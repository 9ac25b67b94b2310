import Foundation
import HiveKeepCore

/// The two log endpoints: the MCP server's output and the runner's (proxy) log, the last lines of each.
extension WorkloadService {
    /// The most lines a log request returns, as the API reference says.
    public static let logLineLimit = 100

    /// The last lines of the MCP server's standard error, from the runner's server log; for an sse or
    /// streamable-http container, its output from the engine's log while the container exists. A stdio container's
    /// stdout is the MCP stream: the engine keeps none of it, and its stderr is in the server log like a process's.
    /// 404 for a remote workload, which has no server here.
    public func serverLogs(_ name: String, lines: Int = WorkloadService.logLineLimit) async throws -> String {
        let config = try config(name)
        guard (config.remoteURL ?? "").isEmpty else {
            throw HiveKeepError.notFound("workload \(name) is remote: it has no server output here")
        }
        if Self.isContainer(config), config.transport != "stdio",
            let text = try await containerLogs(of: config, lines: lines)
        {
            return text
        }
        return try LogTail.read(files.serverLog(name), lines: lines, missing: "no server output for workload \(name)")
    }

    /// The last lines of the runner's log.
    public func proxyLogs(_ name: String, lines: Int = WorkloadService.logLineLimit) async throws -> String {
        _ = try config(name)
        return try LogTail.read(
            files.proxyLog(name), lines: lines, missing: "proxy logs not found for workload: \(name)")
    }

    /// Paths of the two logs, for `hivekeep logs --follow`.
    public nonisolated func logPaths(_ name: String) -> (server: String, proxy: String) {
        (files.serverLog(name), files.proxyLog(name))
    }
}

/// Reads the last lines of a log file by seeking from its end in bounded chunks, whatever the file's size or the
/// lengths of its lines: it scans back at most ``maximumScan`` bytes for line breaks and reads at most
/// ``maximumLineBytes`` of each line; a longer line is cut and says how much was left out.
enum LogTail {
    /// The most bytes of one line a reply carries.
    static let maximumLineBytes = 8 * 1024
    /// The most bytes scanned back from the end of the file for line breaks.
    static let maximumScan = 4 * 1024 * 1024
    static let chunk = 64 * 1024

    static func read(_ path: String, lines: Int, missing: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HiveKeepError.notFound(missing) }
        defer { close(fd) }
        return try read(fd: fd, lines: lines)
    }

    static func read(
        fd: Int32, lines: Int, maximumLineBytes: Int = maximumLineBytes, maximumScan: Int = maximumScan
    ) throws -> String {
        var size = Int(lseek(fd, 0, SEEK_END))
        guard size > 0, lines > 0 else { return "" }
        if try bytes(fd, at: size - 1, count: 1) == [UInt8(ascii: "\n")] { size -= 1 }
        // The offsets just after each line break found, newest first; the line starts.
        var starts: [Int] = []
        var position = size
        var reachedStart = false
        while starts.count < lines {
            if position == 0 {
                reachedStart = true
                break
            }
            if size - position >= maximumScan { break }
            let from = max(0, position - chunk)
            let block = try bytes(fd, at: from, count: position - from)
            for index in block.indices.reversed() where block[index] == UInt8(ascii: "\n") {
                starts.append(from + index + 1)
                if starts.count == lines { break }
            }
            position = from
        }
        var ends = [size] + starts.map { $0 - 1 }
        var ranges: [(start: Int?, end: Int)] = zip(starts, ends).map { ($0, $1) }
        if starts.count < lines {
            ends = Array(ends.dropFirst(starts.count))
            ranges.append((reachedStart ? 0 : nil, ends[0]))
        }
        var text = ""
        for range in ranges.reversed() {
            text += try line(fd, range, cap: maximumLineBytes) + "\n"
        }
        return text
    }

    /// One line as the reply shows it: whole, or cut at `cap` bytes with a note of what was left out; a line whose
    /// start lies beyond the scan shows its last `cap` bytes.
    private static func line(_ fd: Int32, _ range: (start: Int?, end: Int), cap: Int) throws -> String {
        guard let start = range.start else {
            let from = max(0, range.end - cap)
            return "[... earlier part of the line left out] " + decode(try bytes(fd, at: from, count: range.end - from))
        }
        let length = range.end - start
        guard length > cap else { return decode(try bytes(fd, at: start, count: length)) }
        return decode(try bytes(fd, at: start, count: cap)) + " [... \(length - cap) more bytes left out]"
    }

    private static func decode(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    private static func bytes(_ fd: Int32, at offset: Int, count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            // count > 0, so the buffer has a base address.
            let got = buffer.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done))
            }
            guard got > 0 else { throw HiveKeepError(.unavailable, "cannot read the log file") }
            done += got
        }
        return buffer
    }
}
