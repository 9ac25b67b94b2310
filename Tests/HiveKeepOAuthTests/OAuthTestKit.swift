import AsyncHTTPClient
import Foundation
import HiveKeepOAuth
import HiveKeepTestSupport
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Log lines an `OAuthClient` wrote, message and metadata rendered, to check that no secret reaches a log.
final class RecordingLogHandler: LogHandler, Sendable {
    let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let rendered = "\(event.level) \(event.message) \(event.metadata ?? [:])"
        lines.withLock { $0.append(rendered) }
    }

    var all: [String] { lines.withLock { $0 } }
}

/// One test's fixture, OAuth client, logs and the "browser" that signs in as a person would.
struct OAuthHarness {
    let fixture: OAuthFixture
    let directory: TemporaryDirectory
    let logs = RecordingLogHandler()
    let client: OAuthClient
    /// A browser-like client that does not follow redirects (the test reads the `Location`).
    static let browser = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    init(accessTokenTTL: Int = 3600) async throws {
        directory = try TemporaryDirectory(prefix: "oauth")
        fixture = try await OAuthFixture(logDirectory: directory.path, accessTokenTTL: accessTokenTTL)
        let handler = logs
        client = OAuthClient(logger: Logger(label: "oauth-test") { _ in handler })
    }

    var settings: OAuthSettings { OAuthSettings(resource: fixture.mcpURL) }

    func stop() {
        fixture.stop()
        directory.remove()
    }

    /// Opens the authorization URL, fills in the sign-in form with `sub` and presses Approve (or Deny), and returns
    /// where the authorization server redirects the browser.
    func signIn(_ url: URL, sub: String = "alice", approve: Bool = true) async throws -> String {
        let page = try await Self.fetch(url.absoluteString)
        guard page.status == 200, let range = page.body.range(of: #"action="([^"]+)""#, options: .regularExpression)
        else { throw TestSupportError("no sign-in form (\(page.status)): \(page.body.prefix(300))") }
        let action = page.body[range].dropFirst(8).dropLast().replacingOccurrences(of: "&amp;", with: "&")
        let form = "sub=\(sub)&action=\(approve ? "approve" : "deny")"
        let answer = try await Self.fetch(
            fixture.issuer.absoluteString + action, method: .POST, body: form,
            contentType: "application/x-www-form-urlencoded")
        guard answer.status == 302, let location = answer.headers.first(name: "Location") else {
            throw TestSupportError("the sign-in did not redirect (\(answer.status)): \(answer.body.prefix(300))")
        }
        return location
    }

    /// Calls `initialize` on the protected MCP server with `accessToken`; returns the HTTP status.
    func callMCP(accessToken: String?) async throws -> UInt {
        var headers = ["Accept": "application/json, text/event-stream"]
        if let accessToken { headers["Authorization"] = "Bearer \(accessToken)" }
        let body =
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","#
            + #""capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"#
        return try await Self.fetch(
            fixture.mcpURL.absoluteString, method: .POST, body: body, contentType: "application/json", headers: headers
        ).status
    }

    /// The token requests the fixture saw: `grant_type`, `resource` and `client_auth` (basic, post, none).
    func tokenRequests() async throws -> [[String: String]] {
        let body = try await control("token-requests")
        let list = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] ?? []
        return list.map { $0.compactMapValues { $0 as? String } }
    }

    /// Sends a test control request (see ``OAuthFixture``); returns the body.
    @discardableResult
    func control(_ path: String, json: String? = nil) async throws -> String {
        let url = fixture.controlURL.appendingPathComponent(path).absoluteString
        let answer = try await Self.fetch(
            url, method: json == nil ? .GET : .POST, body: json, contentType: "application/json")
        guard (200..<300).contains(answer.status) else { throw TestSupportError("control \(path): \(answer.status)") }
        return answer.body
    }

    struct Answer {
        var status: UInt
        var headers: HTTPHeaders
        var body: String
    }

    static func fetch(
        _ url: String, method: HTTPMethod = .GET, body: String? = nil, contentType: String? = nil,
        headers: [String: String] = [:], timeout: TimeAmount = .seconds(30)
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await browser.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: response.status.code, headers: response.headers, body: String(buffer: bytes))
    }
}
