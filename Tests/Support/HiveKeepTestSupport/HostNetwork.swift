import Foundation
import Synchronization

/// This machine's addresses (for the container network tests).
public enum HostAddress {
    /// The first IPv4 address of an interface that is up and not loopback.
    public static func firstNonLoopbackIPv4() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            let flags = Int32(entry.pointee.ifa_flags)
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0
            else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                var value = $0.pointee.sin_addr
                _ = inet_ntop(AF_INET, &value, &text, socklen_t(INET_ADDRSTRLEN))
            }
            let name = String(cString: entry.pointee.ifa_name)
            // Podman's and Docker's own bridges (the test dockerd's is hkdocker0) are not "the host's address" in the
            // sense of the tests.
            let bridges = ["cni", "podman", "docker", "hkdocker", "veth"]
            if bridges.contains(where: { name.hasPrefix($0) }) { continue }
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }
}

/// A TCP listener on every address that answers each connection with a tiny HTTP response, on a thread of its own.
public final class TCPResponder: Sendable {
    public let port: Int
    private let fd: Mutex<Int32>

    public init(body: String) throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = INADDR_ANY
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listening, $0, length) == 0 && listen(listening, 16) == 0
                    && getsockname(listening, $0, &length) == 0
            }
        }
        guard ready else {
            close(listening)
            throw CocoaError(.fileWriteUnknown)
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        fd = Mutex(listening)
        let response = Array("HTTP/1.0 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        Thread.detachNewThread {
            while true {
                let client = accept(listening, nil, nil)
                if client < 0 { break }
                _ = response.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
            }
            close(listening)
        }
    }

    public func stop() {
        fd.withLock { _ = shutdown($0, Int32(SHUT_RDWR)) }
    }
}
