import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain blocking TCP client for tests that must control every byte and see when the server closes.
///
/// Use it only inside ``onThread(_:)``: a blocking read on a Swift concurrency thread can starve the servers under
/// test (Hummingbird answers on those threads).
final class RawSocket: @unchecked Sendable {
    // @unchecked: one test uses one socket from one thread at a time.
    private var fd: Int32

    /// Connects to 127.0.0.1:`port`; reads wait at most `readTimeout` seconds each.
    init(port: Int, readTimeout: Int = 2) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportErrorLocal("socket failed") }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sendTimeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw TestSupportErrorLocal("connect failed: \(errno)")
        }
    }

    deinit { close() }

    /// Closes the connection (once).
    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Sends `bytes`; false when the server has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// What one read gives: bytes, the end of the connection, or nothing within the read timeout.
    enum Read: Equatable {
        case bytes([UInt8])
        case closed
        case timedOut
    }

    func read() -> Read {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { return .bytes(Array(buffer[..<count])) }
        if count == 0 || errno == ECONNRESET { return .closed }
        return .timedOut
    }

    /// Reads until the server closes, at most `attempts` read timeouts; returns everything read and whether it closed.
    func readUntilClosed(attempts: Int = 30) -> (String, Bool) {
        var collected: [UInt8] = []
        var quiet = 0
        while quiet < attempts {
            switch read() {
            case .bytes(let bytes): collected += bytes
            case .closed: return (String(decoding: collected, as: UTF8.self), true)
            case .timedOut: quiet += 1
            }
        }
        return (String(decoding: collected, as: UTF8.self), false)
    }

    /// Reads until `marker` appears (or the connection closes or stays quiet for `attempts` timeouts).
    func read(until marker: String, attempts: Int = 30) -> String {
        var collected: [UInt8] = []
        var quiet = 0
        while quiet < attempts {
            switch read() {
            case .bytes(let bytes):
                collected += bytes
                if String(decoding: collected, as: UTF8.self).contains(marker) {
                    return String(decoding: collected, as: UTF8.self)
                }
            case .closed: return String(decoding: collected, as: UTF8.self)
            case .timedOut: quiet += 1
            }
        }
        return String(decoding: collected, as: UTF8.self)
    }
}

/// Runs blocking `work` on a thread of its own, off the Swift concurrency pool.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
