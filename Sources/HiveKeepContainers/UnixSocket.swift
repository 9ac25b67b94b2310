#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX socket calls the attach connection needs (AsyncHTTPClient cannot hand over a hijacked
/// connection). Every descriptor is close-on-exec; writes never raise SIGPIPE.
enum UnixSocket {
    /// A connected stream socket to `path`.
    static func connect(path: String) throws -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw failure("the socket path \(path) is too long", errno: 0)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        #if canImport(Glibc)
            let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
            let kind = SOCK_STREAM
        #endif
        let fd = socket(AF_UNIX, kind, 0)
        guard fd >= 0 else { throw failure("socket", errno: errno) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw failure("connect to \(path)", errno: code)
        }
        return fd
    }

    /// Writes every byte (retrying on EINTR and on a full non-blocking socket).
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = send(fd, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    _ = waitFor(fd, events: Int16(POLLOUT))
                    continue
                }
                throw failure("write", errno: errno)
            }
            offset += written
        }
    }

    /// Reads what is there (blocking until something is, even when someone made the descriptor non-blocking):
    /// the count, 0 at end of stream, or -1 on an error.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: if !waitFor(fd, events: Int16(POLLIN)) { return -1 }
            default: return -1
            }
        }
    }

    /// Sets (or with 0 clears) the receive timeout.
    static func setReceiveTimeout(_ fd: Int32, seconds: Int) {
        var value = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    private static func waitFor(_ fd: Int32, events: Int16) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let ready = poll(&entry, 1, -1)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return false }
        }
    }

    static func failure(_ what: String, errno code: Int32) -> ContainerEngineError {
        let reason = code == 0 ? "" : ": " + String(cString: strerror(code))
        return .engine(status: 0, message: "attach: \(what)\(reason)")
    }
}
