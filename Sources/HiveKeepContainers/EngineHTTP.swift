import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Requests to the engine's API over its Unix socket, under the negotiated version prefix; an error status becomes
/// ``ContainerEngineError/engine(status:message:)`` with the engine's own `message`.
struct EngineHTTP: Sendable {
    /// One process-wide client (never shut down): a waiting container holds a connection for its lifetime, so the
    /// per-host limit is far above AsyncHTTPClient's default of 8.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 512)
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    let socketPath: String
    /// `/v1.41`, or empty before negotiation.
    var prefix: String

    static let defaultTimeout: Duration = .seconds(60)
    static let maxBody = 64 * 1024 * 1024

    /// Sends a request and returns the response (status checked, body unread) for streaming.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
        headers: [(String, String)] = [], timeout: Duration? = defaultTimeout
    ) async throws -> HTTPClientResponse {
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: prefix + path + Self.encode(query)) else {
            throw ContainerEngineError.engine(status: 0, message: "cannot address \(path) on \(socketPath)")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        request.headers.add(name: "Host", value: "docker")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        if let timeout {
            response = try await Self.client.execute(request, timeout: TimeAmount(timeout))
        } else {
            response = try await Self.client.execute(request, deadline: .distantFuture)
        }
        if response.status.code >= 400 {
            let bytes = try await response.body.collect(upTo: 1024 * 1024)
            throw Self.error(status: Int(response.status.code), body: Data(bytes.readableBytesView))
        }
        return response
    }

    /// Sends a request and collects the whole body.
    func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
        headers: [(String, String)] = [], timeout: Duration? = defaultTimeout
    ) async throws -> (status: Int, body: Data) {
        let response = try await send(method, path, query: query, body: body, headers: headers, timeout: timeout)
        let bytes = try await response.body.collect(upTo: Self.maxBody)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }

    /// Sends a request and decodes its JSON body.
    func decode<T: Decodable>(
        _ type: T.Type, _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
        timeout: Duration? = defaultTimeout
    ) async throws -> T {
        let reply = try await call(method, path, query: query, body: body, timeout: timeout)
        do {
            return try JSONDecoder().decode(T.self, from: reply.body)
        } catch {
            throw ContainerEngineError.engine(status: reply.status, message: "unreadable reply to \(path): \(error)")
        }
    }

    /// The engine's `{"message": ...}` (Docker and Podman both send one), or the body's first line.
    static func error(status: Int, body: Data) -> ContainerEngineError {
        struct Message: Decodable { var message: String }
        if let message = try? JSONDecoder().decode(Message.self, from: body) {
            return .engine(status: status, message: message.message)
        }
        let text = String(decoding: body.prefix(512), as: UTF8.self).split(separator: "\n").first.map(String.init)
        return .engine(status: status, message: text ?? "HTTP \(status)")
    }

    static func encode(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?/:#[]@!$'()*,;")
        let pairs = query.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }
        return "?" + pairs.joined(separator: "&")
    }

    /// A path segment (an id or an image reference) percent-encoded.
    static func segment(_ value: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
