import AsyncHTTPClient
import Foundation
import HiveKeepProxy
import HiveKeepTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Requests on one keep-alive connection: those served on the event loop (tools/call of a known session) and those
/// Hummingbird answers (unknown session, health) are answered in the order they were sent.
@Suite("Proxy keep-alive and pipelining", .serialized, .timeLimit(.minutes(3)))
struct ProxyPipeliningTests {
    /// Sends `requests` in one write on one TCP connection and reads `requests.count` responses.
    static func exchange(port: Int, _ requests: [String]) throws -> [(status: Int, body: String)] {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestSupportError("socket failed") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw TestSupportError("connect failed") }
        let bytes = Array(requests.joined().utf8)
        guard send(socket, bytes, bytes.count, 0) == bytes.count else { throw TestSupportError("send failed") }
        var received: [UInt8] = []
        var replies: [(Int, String)] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while replies.count < requests.count {
            if let (reply, used) = parse(received) {
                replies.append(reply)
                received.removeFirst(used)
                continue
            }
            let count = recv(socket, &chunk, chunk.count, 0)
            guard count > 0 else { throw TestSupportError("the connection ended after \(replies.count) replies") }
            received += chunk[0..<count]
        }
        return replies
    }

    /// One complete response with a Content-Length body at the start of `bytes`, and its length.
    static func parse(_ bytes: [UInt8]) -> ((Int, String), Int)? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        let head = text[..<end.lowerBound].lowercased()
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        let length =
            head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        let headLength = text[..<end.upperBound].utf8.count
        guard bytes.count >= headLength + length else { return nil }
        let body = String(decoding: bytes[headLength..<(headLength + length)], as: UTF8.self)
        return ((status, body), headLength + length)
    }

    static func post(port: Int, session: String, token: String?, _ body: String) -> String {
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
            + (token.map { "Authorization: Bearer \($0)\r\n" } ?? "")
            + "Accept: application/json, text/event-stream\r\nMcp-Session-Id: \(session)\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test("pipelined requests are answered in order, whichever part of the proxy answers each")
    func pipelinedRequestsKeepTheirOrder() async throws {
        try await ProxyHarness.run(child: try StdioChild.echoServer()) { harness, http in
            let session = try await http.initialize()
            let port = harness.port
            func call(_ id: String, _ text: String) -> String {
                Self.post(
                    port: port, session: session, token: harness.token,
                    #"{"jsonrpc":"2.0","id":"\#(id)","method":"tools/call","params":{"name":"echo","arguments":{"text":"\#(text)"}}}"#
                )
            }
            let requests = [
                call("p1", "first"),
                Self.post(
                    port: port, session: "no-such-session", token: harness.token,
                    #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#),
                call("p3", "third"),
                "GET /health HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n",
                call("p5", "fifth"),
            ]
            let replies = try await Task.detached { try Self.exchange(port: port, requests) }.value
            #expect(replies.map(\.status) == [200, 404, 200, 200, 200])
            #expect(replies[0].body.contains(#""p1""#) && replies[0].body.contains("first"))
            #expect(replies[1].body.contains("session not found"))
            #expect(replies[2].body.contains(#""p3""#) && replies[2].body.contains("third"))
            #expect(replies[3].body.contains("healthy"))
            #expect(replies[4].body.contains(#""p5""#) && replies[4].body.contains("fifth"))
        }
    }
}
