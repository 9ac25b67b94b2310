import Foundation
import HiveKeepProxy
import Testing

/// Connection-level bounds over real sockets: open connections, slow or idle clients, pipelined floods. Every
/// blocking socket call runs on a thread of its own (``onThread(_:)``).
@Suite("Connection bounds", .serialized, .timeLimit(.minutes(4)))
struct ProxyBoundsTests {
    static let health = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    static func post(_ body: String, session: String, token: String) -> String {
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer \(token)\r\n"
            + "Accept: application/json, text/event-stream\r\nMcp-Session-Id: \(session)\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    /// A new connection's answer to GET /health.
    static func healthReply(_ socket: RawSocket) -> String {
        _ = socket.send(health)
        return socket.read(until: "healthy")
    }

    @Test("connection N+1 gets a 503 and is closed; a closed connection frees its slot")
    func connectionLimit() async throws {
        try await ProxyHarness.runWithoutHTTP(
            child: try StdioChild.echoServer(), limits: MCPProxyLimits(maxConnections: 2)
        ) { harness in
            let port = harness.port
            let first = try RawSocket(port: port)
            let second = try RawSocket(port: port)
            let replies = try await onThread { [Self.healthReply(first), Self.healthReply(second)] }
            #expect(replies.allSatisfy { $0.hasPrefix("HTTP/1.1 200") }, "\(replies)")
            let (text, closed) = try await onThread {
                let refused = try RawSocket(port: port)
                _ = refused.send(Self.health)
                return refused.readUntilClosed()
            }
            #expect(text.hasPrefix("HTTP/1.1 503"), "\(text)")
            #expect(text.contains("too many connections"))
            #expect(closed)
            first.close()
            let admitted = try await onThread {
                for _ in 0..<100 {
                    if Self.healthReply(try RawSocket(port: port)).hasPrefix("HTTP/1.1 200") { return true }
                    usleep(50_000)
                }
                return false
            }
            #expect(admitted)
            _ = second
        }
    }

    @Test("a client sending its headers a byte at a time is closed; so is an idle one and a stalled body")
    func slowClients() async throws {
        let limits = MCPProxyLimits(requestHeadTimeout: .seconds(1), requestBodyTimeout: .seconds(1))
        try await ProxyHarness.runWithoutHTTP(child: try StdioChild.echoServer(), limits: limits) { harness in
            let port = harness.port
            let (sent, slowClosed) = try await onThread {
                let slow = try RawSocket(port: port)
                guard slow.send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") else { return (0, false) }
                var sent = 0
                while sent < 600, slow.send("a") {  // up to two minutes at five bytes a second
                    sent += 1
                    usleep(200_000)
                }
                return (sent, slow.readUntilClosed().1)
            }
            #expect(sent < 600, "the slow client was never cut off")
            #expect(slowClosed)
            let idleClosed = try await onThread { try RawSocket(port: port).readUntilClosed().1 }
            #expect(idleClosed, "an idle connection stays open")
            let (kept, keptClosed) = try await onThread {
                let socket = try RawSocket(port: port)
                return (Self.healthReply(socket), socket.readUntilClosed().1)
            }
            #expect(kept.hasPrefix("HTTP/1.1 200"))
            #expect(keptClosed, "an idle kept-alive connection stays open")
            let stalledClosed = try await onThread {
                let socket = try RawSocket(port: port)
                _ = socket.send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\"")
                return socket.readUntilClosed().1
            }
            #expect(stalledClosed, "a stalled body keeps its connection")
            let fresh = try await onThread { Self.healthReply(try RawSocket(port: port)) }
            #expect(fresh.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("pipelined requests queued behind an unanswered one are bounded: past the limit the connection closes")
    func pipelinedFlood() async throws {
        try await ProxyHarness.run(
            child: try StdioChild.controlServer(), limits: MCPProxyLimits(maxPipelinedBytes: 64 * 1024)
        ) { harness, http in
            let session = try await http.initialize()
            let port = harness.port
            let hold = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"hold","arguments":{}}}"#
            let filler = String(repeating: "x", count: 1000)
            let call = Self.post(
                #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"f":"\#(filler)"}}}"#,
                session: session, token: harness.token)
            let token = harness.token
            let (sent, closed) = try await onThread {
                let socket = try RawSocket(port: port)
                guard socket.send(Self.post(hold, session: session, token: token)) else { return (0, false) }
                var sent = 0
                while sent < 2000, socket.send(call) { sent += 1 }  // 2000 requests: about 2.3 MB
                return (sent, socket.readUntilClosed().1)
            }
            #expect(closed, "the connection was not closed after \(sent) pipelined requests")
            let released = try await http.sessionCall(session, id: "9", tool: "release")
            #expect(released.status == 200)
        }
    }
}
