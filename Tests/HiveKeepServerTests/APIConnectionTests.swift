import Dispatch
import Foundation
import HiveKeepAuth
import HiveKeepCore
import HiveKeepTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveKeepServer

/// The API server's connection bounds, over real sockets.
@Suite("API connection bounds")
struct APIConnectionTests {
    /// Runs blocking socket code off Swift's cooperative threads (it must not starve the server under test).
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// A connected TCP socket to 127.0.0.1:`port` with a receive timeout.
    static func connect(_ port: Int, receiveTimeout seconds: Int = 10) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw TestSupportError("connect failed") }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Reads until the peer closes (or the receive timeout); returns what arrived and whether it was closed.
    static func readToEnd(_ fd: Int32) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: received, as: UTF8.self), false) }
            received += chunk[0..<count]
        }
    }

    func withLiveApp(
        _ limits: APIConnectionLimits, _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        var configuration = test.configuration()
        configuration.connectionLimits = limits
        var dependencies = try ServerDependencies.standard(
            paths: test.paths, environment: .init(test.directory.isolatedEnvironment()), logger: test.logs.logger)
        dependencies.authenticator = APIAuthenticator(mode: .none, apiToken: test.apiToken)
        let app = try buildApplication(
            configuration: configuration, dependencies: dependencies, logger: test.logs.logger)
        try await app.test(.live) { client in
            guard let port = client.port else { throw TestSupportError("no port") }
            try await body(port)
        }
    }

    @Test("a client that sends its request head byte by byte too slowly is disconnected")
    func slowlorisIsCut() async throws {
        try await withLiveApp(.init(maxConnections: 8, requestHeadTimeout: .seconds(1))) { port in
            let outcome = try await Self.onThread { () -> (String, Bool, Double) in
                let fd = try Self.connect(port)
                defer { close(fd) }
                let started = Date()
                // One byte every 300 ms: the head would take 6 s; the timeout is 1 s from the connection.
                for byte in Array("GET /health HTTP/1.1\r\n".utf8) {
                    if send(fd, [byte], 1, Int32(MSG_NOSIGNAL)) < 0 { break }
                    usleep(300_000)
                    if Date().timeIntervalSince(started) > 4 { break }
                }
                let (text, closed) = Self.readToEnd(fd)
                return (text, closed, Date().timeIntervalSince(started))
            }
            #expect(outcome.1, "the server kept the slow connection open")
            #expect(!outcome.0.contains("204"))
        }
    }

    @Test("beyond the connection limit a connection is refused with 503 and closed; a freed slot is reusable")
    func connectionLimit() async throws {
        // A short head timeout: the server may keep a client-closed idle connection (remote half-closure) until its
        // timeout ends it, which frees the slot at the latest then.
        try await withLiveApp(.init(maxConnections: 2, requestHeadTimeout: .seconds(2))) { port in
            let result = try await Self.onThread { () -> (String, Bool, String) in
                let first = try Self.connect(port)
                let second = try Self.connect(port)
                usleep(200_000)
                let third = try Self.connect(port, receiveTimeout: 5)
                let refused = Self.readToEnd(third)
                close(third)
                close(first)
                // The server frees the slot when it sees the close or the timeout ends it; ask again until it has
                // (at most 15 s).
                var answered = (text: "", closed: false)
                for _ in 0..<150 {
                    let fourth = try Self.connect(port, receiveTimeout: 5)
                    _ = "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".withCString {
                        send(fourth, $0, strlen($0), Int32(MSG_NOSIGNAL))
                    }
                    answered = Self.readToEnd(fourth)
                    close(fourth)
                    if answered.text.hasPrefix("HTTP/1.1 204") { break }
                    usleep(100_000)
                }
                close(second)
                return (refused.text, refused.closed, answered.text)
            }
            #expect(result.0.hasPrefix("HTTP/1.1 503"))
            #expect(result.1)
            #expect(result.2.hasPrefix("HTTP/1.1 204"))
        }
    }
}
