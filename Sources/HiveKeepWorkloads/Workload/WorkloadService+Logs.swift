import Foundation
import HiveKeepCore

/// The two log endpoints: the MCP server's output and the runner's (proxy) log, the last lines of each.
extension WorkloadService {
    /// The most lines a log request returns, as the API reference says.
    public static let logLineLimit = 100

    /// The last lines of the MCP server's standard error; 404 for a remote workload, which has no server here.
    public func serverLogs(_ name: String, lines: Int = WorkloadService.logLineLimit) async throws -> String {
        let config = try config(name)
        guard (config.remoteURL ?? "").isEmpty else {
            throw HiveKeepError.notFound("workload \(name) is remote: it has no server output here")
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

/// Reads the end of a log file without loading all of it.
enum LogTail {
    static func read(_ path: String, lines: Int, missing: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw HiveKeepError.notFound(missing) }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        var chunk: UInt64 = 64 * 1024
        while true {
            let start = size > chunk ? size - chunk : 0
            try handle.seek(toOffset: start)
            let data = handle.readDataToEndOfFile()
            var text = String(decoding: data, as: UTF8.self)
            var all = text.split(separator: "\n", omittingEmptySubsequences: false)
            if all.last == "" { all.removeLast() }
            if all.count > lines || start == 0 {
                if start != 0 { all.removeFirst() }
                text = all.suffix(lines).joined(separator: "\n")
                return text.isEmpty ? "" : text + "\n"
            }
            chunk *= 4
        }
    }
}
