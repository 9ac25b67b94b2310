import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// A streaming reverse proxy to an SSE / streamable-HTTP MCP server, with the tool policy applied to tools/call
/// requests and to tools/list (and server/discover) replies, JSON or SSE.
struct ReverseResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let target: URL
    let client: HTTPClient
    let guardian: RequestGuard
    let configuration: MCPProxyConfiguration

    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding",
        "upgrade", "host", "origin", "content-length",
        // The client's credential is for this proxy only: it never reaches the upstream.
        "authorization",
    ]

    func respond(to request: Request, context: Context) async throws -> Response {
        if let refusal = guardian.refusal(for: request) { return refusal }
        if let refusal = await configuration.authentication.refusal(for: request, configuration: configuration) {
            return refusal
        }
        if let metadata = configuration.authentication.metadata(for: request, configuration: configuration) {
            return metadata
        }
        if request.method == .get, request.uri.path == "/health" {
            return HTTPReplies.json(Array("{\"status\":\"healthy\",\"transport\":\"reverse\"}".utf8))
        }
        var outgoing = HTTPClientRequest(url: upstreamURL(for: request))
        outgoing.method = NIOHTTP1.HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where !Self.hopByHop.contains(field.name.canonicalName) {
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        if let host = target.host {
            outgoing.headers.replaceOrAdd(name: "Host", value: target.port.map { "\(host):\($0)" } ?? host)
        }
        for (name, value) in configuration.upstreamHeaders { outgoing.headers.replaceOrAdd(name: name, value: value) }
        var sentAuthorization: String?
        if let authorizer = configuration.upstreamAuthorizer {
            switch await authorizer.authorization() {
            case .success(let value?):
                outgoing.headers.replaceOrAdd(name: "Authorization", value: value)
                sentAuthorization = value
            case .success(nil):
                break
            case .failure(let refusal):
                return HTTPReplies.failure(.unavailable(refusal.message))
            }
        }
        let policy = configuration.toolPolicy
        var rewriteReply = false
        var probe: ProxyMetrics.Probe?
        if request.method == .post {
            // Every POST body is a client's JSON-RPC message: read strictly, refused unless the server will read
            // the method and tool name the policy checked.
            var request = request
            guard let body = try? await request.collectBody(upTo: configuration.limits.maxMessageBytes) else {
                return HTTPReplies.failure(
                    .init(httpStatus: 413, code: MCPProtocol.ErrorCode.invalidRequest, message: "message too large"))
            }
            var message: RPCMessage
            do {
                message = try RPCMessage(downstream: Array(buffer: body))
            } catch {
                return HTTPReplies.failure(error)
            }
            probe = configuration.metrics?.probe(message.method)
            if !policy.isEmpty {
                if let refusal = policy.mapToolCall(&message) {  // a refused call never goes out, id or not
                    probe?.finish(.denied)
                    return HTTPReplies.json(
                        RPCBytes.error(id: message.idBytes, code: MCPProtocol.ErrorCode.invalidParams, message: refusal)
                    )
                }
                if message.method == "tools/call", outgoing.headers.contains(name: "Mcp-Name"),
                    let real = message.paramString("name")
                {
                    outgoing.headers.replaceOrAdd(name: "Mcp-Name", value: real)
                }
                rewriteReply = message.method == "tools/list" || message.method == "server/discover"
            }
            outgoing.body = .bytes(ByteBuffer(bytes: message.bytes))
        } else if request.method == .put {
            let length = request.headers[.contentLength].flatMap(Int.init)
            outgoing.body = .stream(request.body, length: length.map { .known(Int64($0)) } ?? .unknown)
        }
        let upstream: HTTPClientResponse
        switch await send(outgoing, authorization: sentAuthorization, replayable: request.method != .put) {
        case .success(let response): upstream = response
        case .failure(let failure):
            probe?.finish(.error)
            return HTTPReplies.failure(failure)
        }
        let hidden: Set<String> = sentAuthorization == nil ? [] : ["www-authenticate"]
        var headers = HTTPFields()
        for header in upstream.headers
        where !Self.hopByHop.contains(header.name.lowercased()) && !hidden.contains(header.name.lowercased()) {
            if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
        }
        let status = HTTPResponse.Status(code: Int(upstream.status.code))
        probe?.finish(upstream.status.code < 400 ? .ok : .error)
        let isStream = upstream.headers.first(name: "content-type")?.contains("text/event-stream") ?? false
        // SSE bodies (POST replies, GET /sse and GET /mcp streams) may carry a tools list for any earlier request.
        guard rewriteReply || (isStream && !policy.isEmpty) else {
            return Response(status: status, headers: headers, body: ResponseBody(asyncSequence: upstream.body))
        }
        let limit = configuration.limits.maxMessageBytes
        if !isStream {
            let collected = try await upstream.body.collect(upTo: limit)
            let rewritten = (try? RPCMessage(Array(buffer: collected))).map { policy.rewritingToolList($0).bytes }
            return Response(
                status: status, headers: headers,
                body: .init(byteBuffer: rewritten.map { ByteBuffer(bytes: $0) } ?? collected))
        }
        let body = upstream.body
        return Response(
            status: status, headers: headers,
            body: ResponseBody { writer in
                var rewriter = SSEDataRewriter(policy: policy, limit: limit)
                for try await chunk in body {
                    for out in rewriter.feed(chunk) { try await writer.write(out) }
                }
                try await writer.finish(nil)
            })
    }

    /// Sends `outgoing`; with an ``UpstreamAuthorizer``, a 401 to the token sent is reported to it and the request
    /// retried once with the fresh value it returns (when the body can be sent again), and every other outcome is
    /// reported too. A redirect within the upstream's origin is followed (at most 5, when the body can be sent
    /// again; ``sameOriginRedirect(_:of:)``); any other reaches the client as it is.
    private func send(
        _ outgoing: HTTPClientRequest, authorization: String?, replayable: Bool
    ) async -> Result<HTTPClientResponse, ProxyFailure> {
        let authorizer = configuration.upstreamAuthorizer
        var outgoing = outgoing
        var authorization = authorization
        var retried = false
        var redirects = 0
        while true {
            let upstream: HTTPClientResponse
            do {
                upstream = try await client.execute(outgoing, deadline: .distantFuture)
            } catch {
                await authorizer?.answered(status: nil)
                return .failure(
                    .init(
                        httpStatus: 502, code: MCPProtocol.ErrorCode.upstreamUnavailable,
                        message: "the MCP server cannot be reached"))
            }
            if replayable, redirects < 5, let next = Self.sameOriginRedirect(upstream, of: outgoing) {
                _ = try? await upstream.body.collect(upTo: 1 << 16)
                redirects += 1
                outgoing.url = next
                continue
            }
            guard upstream.status == .unauthorized, let authorizer, let sent = authorization else {
                await authorizer?.answered(status: Int(upstream.status.code))
                return .success(upstream)
            }
            _ = try? await upstream.body.collect(upTo: 1 << 16)
            let fresh = await authorizer.rejected(sent)
            guard let fresh, replayable, !retried else {
                return .failure(
                    .unavailable(
                        "the remote MCP server refused HiveKeep's credentials; the workload waits for sign-in "
                            + "(see its status)"))
            }
            retried = true
            authorization = fresh
            outgoing.headers.replaceOrAdd(name: "Authorization", value: fresh)
        }
    }

    /// Where `response` redirects `request` when it stays within the request's origin (scheme, host and port):
    /// `307` and `308` for any method (the method and body are sent again), `301`, `302` and `303` for `GET` and
    /// `HEAD`. nil for anything else: the client gets the redirect (a streamable-HTTP server mounted at `/mcp/`
    /// answers `/mcp` with a 307 to itself; a redirect to another origin would carry the workload's upstream
    /// headers there).
    static func sameOriginRedirect(_ response: HTTPClientResponse, of request: HTTPClientRequest) -> String? {
        let code = response.status.code
        let isRead = request.method == .GET || request.method == .HEAD
        guard code == 307 || code == 308 || ([301, 302, 303].contains(code) && isRead),
            let location = response.headers.first(name: "Location"), let base = URL(string: request.url),
            let next = URL(string: location, relativeTo: base)?.absoluteURL,
            next.scheme?.lowercased() == base.scheme?.lowercased(), next.host?.lowercased() == base.host?.lowercased(),
            next.port ?? Self.defaultPort(next.scheme) == base.port ?? Self.defaultPort(base.scheme)
        else { return nil }
        return next.absoluteString
    }

    private static func defaultPort(_ scheme: String?) -> Int? {
        switch scheme?.lowercased() {
        case "http": 80
        case "https": 443
        default: nil
        }
    }

    private func upstreamURL(for request: Request) -> String {
        var base = "\(target.scheme ?? "http")://\(target.host ?? "127.0.0.1")"
        if let port = target.port { base += ":\(port)" }
        let targetPath = target.path
        if !targetPath.isEmpty, targetPath != "/", request.uri.path == "/mcp" {
            return base + targetPath + (request.uri.query.map { "?\($0)" } ?? "")
        }
        return base + request.uri.description
    }
}

/// Rewrites the `data:` lines of an SSE body through the tool policy, line by line, passing everything else through.
struct SSEDataRewriter {
    let policy: ToolPolicy
    let limit: Int
    private var pending: [UInt8] = []

    init(policy: ToolPolicy, limit: Int) {
        self.policy = policy
        self.limit = limit
    }

    mutating func feed(_ chunk: ByteBuffer) -> [ByteBuffer] {
        pending += chunk.readableBytesView
        var out: [ByteBuffer] = []
        while let newline = pending.firstIndex(of: 0x0A) {
            var line = Array(pending[..<newline])
            pending.removeFirst(newline + 1)
            let prefix = Array("data:".utf8)
            if line.starts(with: prefix) {
                var payload = Array(line.dropFirst(prefix.count))
                if payload.first == 0x20 { payload.removeFirst() }
                if let message = try? RPCMessage(payload) {
                    line = Array("data: ".utf8) + policy.rewritingToolList(message).bytes
                }
            }
            out.append(ByteBuffer(bytes: line + [0x0A]))
        }
        if pending.count > limit {
            out.append(ByteBuffer(bytes: pending))
            pending = []
        }
        return out
    }
}
