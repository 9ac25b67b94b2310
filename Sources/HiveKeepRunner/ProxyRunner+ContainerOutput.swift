import Foundation
import HiveKeepContainers
import HiveKeepCore
import HiveKeepRuntime
import HiveKeepWorkloads

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a container printed in its current run, read back to recognise a failure on its read-only root
/// (``ReadOnlyRoot``). An sse or streamable-http container's output is in the engine's log. A stdio container has no
/// engine log (its stdout is the MCP stream, ``ContainerSpec/engineKeepsLog``): its stderr is what the attachment
/// appended to the server log since the run began.
extension ProxyRunner {
    /// The most bytes of a run's server log read back.
    static let containerOutputLimit = 16 * 1024

    /// Where a run's output starts: the server log's size now for a stdio container, nil for one whose output the
    /// engine keeps.
    func containerOutputStart(_ config: RunConfig) -> Int? {
        guard config.transport == "stdio" else { return nil }
        var info = stat()
        return stat(files.serverLog(name), &info) == 0 ? Int(info.st_size) : 0
    }

    /// The run's last output: the engine's last 50 lines, or the server log from `start` (the whole log, when it was
    /// rotated since), at most ``containerOutputLimit`` bytes of its end; nil when it cannot be read.
    func containerOutput(_ engine: any ContainerEngine, id: String, since start: Int?) async -> String? {
        guard let start else { return try? await engine.logs(id: id, tail: 50) }
        guard let file = FileHandle(forReadingAtPath: files.serverLog(name)) else { return nil }
        defer { try? file.close() }
        guard let size = try? file.seekToEnd() else { return nil }
        let from = size < UInt64(start) ? 0 : max(UInt64(start), size - min(size, UInt64(Self.containerOutputLimit)))
        guard (try? file.seek(toOffset: from)) != nil, let data = try? file.readToEnd() else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits until the attachment has delivered the container's last frames to the server log (the engine ends it
    /// when the container exits), for at most two seconds.
    func drain(_ streams: (any ContainerStreams)?) async {
        guard let attached = streams as? AttachedContainer else { return }
        _ = await attached.finished(within: .seconds(2))
    }
}
