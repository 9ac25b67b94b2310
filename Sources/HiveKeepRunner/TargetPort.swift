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
            if accepts(port) { return }
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(1))
        }
        throw HiveKeepError(.unavailable, "the server did not listen on port \(port) in time")
    }

    private static func accepts(_ port: Int) -> Bool {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
