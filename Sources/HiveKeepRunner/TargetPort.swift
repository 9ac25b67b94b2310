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
        try await waitUntil(port: port, timeout: timeout) { PortAllocator.isAccepting($0) }
    }

    /// Waits until a container's published port answers an HTTP request. Accepting is not enough there: Docker's
    /// `docker-proxy` listens on the host port from the moment the container starts, accepts every connection and
    /// resets it while nothing inside listens (seen with Docker 20.10), so the server would be called ready early.
    static func waitUntilAnswering(port: Int, timeout: Duration) async throws {
        try await waitUntil(port: port, timeout: timeout) { answers($0) }
    }

    private static func waitUntil(port: Int, timeout: Duration, _ ready: (Int) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        var delay: Duration = .milliseconds(50)
        while ContinuousClock.now < deadline {
            if ready(port) { return }
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(1))
        }
        throw HiveKeepError(.unavailable, "the server did not listen on port \(port) in time")
    }

    /// Whether 127.0.0.1:`port` answers `GET /` with at least one byte. A connection accepted and then held open
    /// for two seconds without a reply counts as answering (something that listens and is slow); one closed or reset
    /// before any byte (an engine's proxy with nothing behind it) does not.
    static func answers(_ port: Int) -> Bool {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var limit = timeval(tv_sec: 2, tv_usec: 0)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            setsockopt(descriptor, SOL_SOCKET, option, &limit, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { return false }
        let request = Array("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        let sent = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { return false }
        var byte: UInt8 = 0
        let received = recv(descriptor, &byte, 1, 0)
        if received > 0 { return true }
        return received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }
}
