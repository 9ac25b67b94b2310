import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension DockerEngine {
    /// Attaches to stdin, stdout and stderr over a connection of its own: `POST /containers/ID/attach` with
    /// `Connection: Upgrade`, `Upgrade: tcp`; after the engine's 101 (Docker; Podman may answer 200 and hijack the
    /// same way) the socket carries raw stdin one way and 8-byte-header frames the other.
    ///
    /// Call it between ``create(_:)`` and ``start(id:)`` so that no early output is lost. The returned
    /// ``AttachedContainer`` documents who owns which descriptor.
    public func attach(id: String, stderrLog: String) async throws -> any ContainerStreams {
        try await attachContainer(id: id, stderrLog: stderrLog)
    }

    /// ``attach(id:stderrLog:)`` with the concrete type (``AttachedContainer/closeInput()``).
    public func attachContainer(id: String, stderrLog: String) async throws -> AttachedContainer {
        try await requireOurs(id)
        let path =
            http.prefix + "/containers/\(EngineHTTP.segment(id))/attach"
            + EngineHTTP.encode([("stream", "1"), ("stdin", "1"), ("stdout", "1"), ("stderr", "1")])
        let fd = try UnixSocket.connect(path: endpoint.socketPath)
        do {
            let leftover = try Self.upgrade(fd, path: path)
            return try AttachedContainer(socket: fd, leftover: leftover, stderrLog: stderrLog)
        } catch {
            close(fd)
            throw error
        }
    }

    /// Sends the upgrade request and reads the reply's head (30 s at most); returns the bytes read past the head.
    static func upgrade(_ fd: Int32, path: String) throws -> [UInt8] {
        let request =
            "POST \(path) HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 0\r\n\r\n"
        try Array(request.utf8).withUnsafeBytes { try UnixSocket.writeAll(fd, $0) }
        UnixSocket.setReceiveTimeout(fd, seconds: 30)
        defer { UnixSocket.setReceiveTimeout(fd, seconds: 0) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if let end = received.firstRange(of: separator) {
                let head = String(decoding: received[..<end.lowerBound], as: UTF8.self)
                let rest = Array(received[end.upperBound...])
                let status = head.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
                guard status == 101 || status == 200 else {
                    throw EngineHTTP.error(status: status, body: Data(rest))
                }
                return rest
            }
            guard received.count < 64 * 1024 else { throw UnixSocket.failure("the reply's head is too long", errno: 0) }
            let count = chunk.withUnsafeMutableBytes { UnixSocket.read(fd, into: $0) }
            guard count > 0 else { throw UnixSocket.failure("the engine closed the connection", errno: errno) }
            received.append(contentsOf: chunk[..<count])
        }
    }
}
