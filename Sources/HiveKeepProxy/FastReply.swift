import NIOCore
import NIOHTTP1
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The HTTP response to a request served by ``FastPostHandler``: the same bytes and headers ``HTTPReplies`` builds
/// for Hummingbird (JSON, or a single SSE event when the client prefers it; JSON-RPC errors as JSON).
struct FastReply {
    struct Parts {
        var head: HTTPResponseHead
        var body: ByteBuffer
    }

    let version: HTTPVersion
    /// The client accepts SSE and not JSON.
    let events: Bool
    /// The request's raw id, for error replies.
    let id: [UInt8]?

    /// The reply (or JSON-RPC error) the bridge produced for the request.
    func success(_ bytes: [UInt8]) -> Parts {
        guard events else { return json(bytes, status: .ok) }
        let body = HTTPReplies.event(bytes)
        var headers = HTTPHeaders()
        headers.reserveCapacity(5)
        headers.add(name: "Content-Type", value: "text/event-stream")
        headers.add(name: "Cache-Control", value: "no-cache")
        headers.add(name: "Connection", value: "keep-alive")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Date", value: HTTPDate.now)
        return Parts(head: HTTPResponseHead(version: version, status: .ok, headers: headers), body: body)
    }

    /// A failure as a JSON-RPC error with its HTTP status (anything but a ``ProxyFailure`` is a 503).
    func failure(_ error: any Error) -> Parts {
        let failure = error as? ProxyFailure ?? ProxyFailure.unavailable("\(error)")
        return json(failure.response(id: id), status: HTTPResponseStatus(statusCode: failure.httpStatus))
    }

    private func json(_ bytes: [UInt8], status: HTTPResponseStatus) -> Parts {
        var headers = HTTPHeaders()
        headers.reserveCapacity(3)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(bytes.count))
        headers.add(name: "Date", value: HTTPDate.now)
        let head = HTTPResponseHead(version: version, status: status, headers: headers)
        return Parts(head: head, body: ByteBuffer(bytes: bytes))
    }
}

/// The `Date` header value (IMF-fixdate), formatted once a second.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, text: String)>((-1, ""))

    static var now: String {
        let second = time(nil)
        return cache.withLock { cache in
            if cache.second == second { return cache.text }
            var clock = second
            var parts = tm()
            gmtime_r(&clock, &parts)
            var buffer = [CChar](repeating: 0, count: 64)
            let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
            let text = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            cache = (second, text)
            return text
        }
    }
}
