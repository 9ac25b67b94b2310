import HTTPTypes
import Hummingbird
import NIOCore

extension HTTPField.Name {
    // Force unwraps: these literals are valid RFC 9110 tokens, so the failable initializer cannot fail.
    static let mcpSessionID = HTTPField.Name("Mcp-Session-Id")!
    static let mcpProtocolVersion = HTTPField.Name("MCP-Protocol-Version")!
    static let mcpMethod = HTTPField.Name("Mcp-Method")!
    static let mcpName = HTTPField.Name("Mcp-Name")!
}

/// Building the proxy's HTTP responses.
enum HTTPReplies {
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A JSON-RPC error with the failure's HTTP status.
    static func failure(_ failure: ProxyFailure, id: [UInt8]? = nil) -> Response {
        json(failure.response(id: id), status: .init(code: failure.httpStatus))
    }

    static func plain(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func accepted() -> Response { Response(status: .accepted) }

    /// One SSE event carrying a JSON-RPC message (single line, so one `data:` line).
    static func event(_ bytes: [UInt8], name: String = "message") -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes.count + 24)
        buffer.writeString("event: \(name)\ndata: ")
        buffer.writeBytes(bytes)
        buffer.writeString("\n\n")
        return buffer
    }

    static let sseHeaders: HTTPFields = [
        .contentType: "text/event-stream", .cacheControl: "no-cache", .connection: "keep-alive",
    ]

    /// A single-event SSE response.
    static func singleEvent(_ bytes: [UInt8], headers: HTTPFields = [:]) -> Response {
        var fields = sseHeaders
        fields.append(contentsOf: headers)
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: event(bytes)))
    }

    /// A long-lived SSE response over `stream`; an empty element is a keep-alive tick. `onEnd` runs when the
    /// stream ends or the client goes away.
    static func stream(
        _ stream: AsyncStream<[UInt8]>,
        continuation: AsyncStream<[UInt8]>.Continuation,
        first: ByteBuffer? = nil,
        headers: HTTPFields = [:],
        keepAlive: Duration,
        onEnd: @escaping @Sendable () -> Void
    ) -> Response {
        var fields = sseHeaders
        fields.append(contentsOf: headers)
        let body = ResponseBody { writer in
            defer {
                continuation.finish()
                onEnd()
            }
            if let first { try await writer.write(first) }
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask {
                    // Ends quietly when cancelled: a thrown CancellationError would fail the whole response.
                    while (try? await Task.sleep(for: keepAlive)) != nil {
                        if case .terminated = continuation.yield([]) { return }
                    }
                }
                for await message in stream {
                    if message.isEmpty {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    } else {
                        try await writer.write(event(message))
                    }
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: fields, body: body)
    }
}

extension Request {
    /// The value of header `name`.
    func header(_ name: HTTPField.Name) -> String? { headers[name] }

    /// Whether the client accepts an SSE reply and not JSON (then replies are single-event SSE).
    var prefersEventStream: Bool {
        guard let accept = headers[.accept] else { return false }
        return accept.utf8.containsBytes("text/event-stream") && !accept.utf8.containsBytes("application/json")
            && !accept.utf8.containsBytes("*/*")
    }

    /// Whether the client accepts an SSE reply at all.
    var acceptsEventStream: Bool { headers[.accept]?.utf8.containsBytes("text/event-stream") ?? false }
}

extension String.UTF8View {
    /// Byte-wise substring search (Foundation's `contains` goes through NSString on Linux).
    func containsBytes(_ needle: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first, count >= pattern.count else { return pattern.isEmpty }
        var index = startIndex
        while let hit = self[index...].firstIndex(of: first) {
            if self[hit...].starts(with: pattern) { return true }
            index = self.index(after: hit)
        }
        return false
    }
}
