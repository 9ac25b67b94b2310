import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds proxy ports the way the reference does: a port is available when both a TCP and a UDP bind on 127.0.0.1
/// succeed (and, where the machine has IPv6, a TCP bind on ::1 too, since a workload may listen there); a free port
/// is tried at random in 10000-65534 ten times, then found by a scan.
public enum PortAllocator {
    /// The range free ports are taken from.
    public static let range = 10000...65534

    /// Whether `port` can be bound on loopback right now.
    public static func isAvailable(_ port: Int) -> Bool {
        guard (1...65535).contains(port) else { return false }
        return canBind(port, tcp: true) && canBind(port, tcp: false) && canBindIPv6Loopback(port)
    }

    /// A port that is available now, avoiding `excluded` (ports other workloads hold while they are stopped).
    public static func freePort(excluding excluded: Set<Int> = []) throws -> Int {
        for _ in 0..<10 {
            let port = Int.random(in: range)
            if !excluded.contains(port), isAvailable(port) { return port }
        }
        for port in range where !excluded.contains(port) && isAvailable(port) {
            return port
        }
        throw HiveKeepError(.unavailable, "no free port in \(range.lowerBound)-\(range.upperBound)")
    }

    /// Whether something accepts TCP connections on loopback `port` now.
    public static func isAccepting(_ port: Int) -> Bool {
        withSocket(tcp: true) { descriptor in
            withLoopbackAddress(port) { connect(descriptor, $0, $1) == 0 }
        }
    }

    private static func canBind(_ port: Int, tcp: Bool) -> Bool {
        withSocket(tcp: tcp) { descriptor in
            withLoopbackAddress(port) { bind(descriptor, $0, $1) == 0 }
        }
    }

    /// Whether a TCP bind on [::1]:`port` succeeds; true on a machine without IPv6 (nothing can listen there).
    private static func canBindIPv6Loopback(_ port: Int) -> Bool {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET6, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = in_port_t(UInt16(port).bigEndian)
        address.sin6_addr = in6addr_loopback
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
        // EADDRNOTAVAIL: IPv6 sockets exist but ::1 is not configured, so nothing can listen there either.
        return result == 0 || errno == EADDRNOTAVAIL
    }

    /// Runs `body` with a new IPv4 socket, closed afterwards; false when no socket can be made.
    private static func withSocket(tcp: Bool, _ body: (Int32) -> Bool) -> Bool {
        #if canImport(Glibc)
            let socketType = Int32(tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue)
        #else
            let socketType = tcp ? SOCK_STREAM : SOCK_DGRAM
        #endif
        let descriptor = socket(AF_INET, socketType, 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return body(descriptor)
    }

    /// Runs `body` with the address 127.0.0.1:`port`.
    private static func withLoopbackAddress(_ port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Bool) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }
}
