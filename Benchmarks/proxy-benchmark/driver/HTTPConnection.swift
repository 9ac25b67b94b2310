import Glibc

/// One keep-alive HTTP/1.1 connection to 127.0.0.1 with blocking sockets and TCP_NODELAY: a request is written in
/// one `send`, and its response read whole (Content-Length, chunked, or to the end of the connection).
final class HTTPConnection {
    /// A response: its status, the `Mcp-Session-Id` it set, and its body.
    struct Reply {
        var status: Int
        var sessionID: String?
        var body: ArraySlice<UInt8>
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var chunk = [UInt8](repeating: 0, count: 65536)
    /// False once the server said `Connection: close` or closed the connection.
    private(set) var reusable = true

    init(port: Int, timeoutSeconds: Int = 30) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchmarkError("socket failed: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw BenchmarkError("cannot connect to 127.0.0.1:\(port)")
        }
        buffer.reserveCapacity(1 << 17)
    }

    deinit { close(fd) }

    /// Sends `request` and reads the response.
    func exchange(_ request: [UInt8]) throws -> Reply {
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { throw BenchmarkError("short write on the connection") }
        return try readReply()
    }

    private func readReply() throws -> Reply {
        compact()
        var headEnd: Int
        while true {
            if let end = findHeadEnd() {
                headEnd = end
                break
            }
            try fill()
        }
        let head = String(decoding: buffer[start..<headEnd], as: UTF8.self)
        start = headEnd + 4
        var reply = Reply(status: 0, sessionID: nil, body: [])
        var length: Int?
        var chunked = false
        for (number, line) in head.split(separator: "\r\n", omittingEmptySubsequences: false).enumerated() {
            if number == 0 {
                let parts = line.split(separator: " ")
                reply.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces
            switch name {
            case "content-length": length = Int(value)
            case "transfer-encoding": chunked = value.lowercased().contains("chunked")
            case "mcp-session-id": reply.sessionID = String(value)
            case "connection": if value.lowercased() == "close" { reusable = false }
            default: break
            }
        }
        if chunked {
            reply.body = try readChunked()
        } else if let length {
            while buffer.count - start < length { try fill() }
            reply.body = buffer[start..<(start + length)]
            start += length
        } else if reply.status != 202, reply.status != 204 {
            while (try? fill()) != nil {}
            reply.body = buffer[start...]
            start = buffer.count
            reusable = false
        }
        return reply
    }

    private func readChunked() throws -> ArraySlice<UInt8> {
        var body: [UInt8] = []
        while true {
            var lineEnd = try findCRLF(from: start)
            let sizeText = String(decoding: buffer[start..<lineEnd], as: UTF8.self)
            let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) ?? 0
            start = lineEnd + 2
            if size == 0 {
                // Trailers, if any, end with an empty line.
                while true {
                    lineEnd = try findCRLF(from: start)
                    let empty = lineEnd == start
                    start = lineEnd + 2
                    if empty { return body[...] }
                }
            }
            while buffer.count - start < size + 2 { try fill() }
            body += buffer[start..<(start + size)]
            start += size + 2
        }
    }

    private func findCRLF(from index: Int) throws -> Int {
        while true {
            var position = index
            while position + 1 < buffer.count {
                if buffer[position] == 0x0D, buffer[position + 1] == 0x0A { return position }
                position += 1
            }
            try fill()
        }
    }

    private func findHeadEnd() -> Int? {
        var position = start
        while position + 3 < buffer.count {
            if buffer[position] == 0x0D, buffer[position + 1] == 0x0A, buffer[position + 2] == 0x0D,
                buffer[position + 3] == 0x0A
            {
                return position
            }
            position += 1
        }
        return nil
    }

    private func fill() throws {
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                reusable = false
                throw BenchmarkError(count == 0 ? "the server closed the connection" : "read failed: errno \(errno)")
            }
            buffer += chunk[0..<count]
            return
        }
    }

    private func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 16 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result = result.dropFirst() }
        while result.last == " " || result.last == "\t" { result = result.dropLast() }
        return result
    }
}
