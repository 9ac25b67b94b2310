import HiveKeepCore
import HiveKeepWorkloads

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Waits for an HTTP MCP server (sse or streamable-http) to accept connections on its loopback port.
enum TargetPort {
    static func waitUntilAccepting(port: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var delay: Duration = .milliseconds(50)
        while ContinuousClock.now < deadline {
            if PortAllocator.isAccepting(port) { return }
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(1))
        }
        throw HiveKeepError(.unavailable, "the server did not listen on port \(port) in time")
    }
}
