import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The OAuth 2.1 client HiveKeep uses to sign in to remote MCP servers: discovery (RFC 9728, RFC 8414, OpenID),
/// dynamic client registration (RFC 7591), the authorization code flow with PKCE, refresh and client credentials.
///
/// Every failure is an ``OAuthError`` sorted by what to do next. No token, code, verifier or secret is ever put in
/// an error message or a log line: the values a request carries are redacted from whatever the server answers.
public struct OAuthClient: Sendable {
    /// The HTTP client for every request (discovery, registration, token endpoint): ``standardHTTPClient`` unless a
    /// caller gives another. Give it a redirect configuration that does not replay a POST to another origin
    /// (`.disallow` is safest): a token request carries a code, a refresh token or a client secret.
    public let httpClient: HTTPClient
    public let logger: Logger
    /// How long one request may take before it counts as ``OAuthError/temporarilyUnavailable(_:)``.
    public var timeout: TimeAmount
    /// The largest body read from any endpoint.
    public var maximumBodySize = 1 << 20

    /// The process's HTTP client for OAuth: follows no redirect (a 307 or 308 from a token endpoint would make
    /// AsyncHTTPClient replay the form, code or secret included, wherever it points; metadata lives at fixed
    /// well-known URLs, RFC 8414 and 9728), connects within 10 s, and does not retry a refused connection (by
    /// default AsyncHTTPClient retries until the request's deadline, so a server that is down was reported only
    /// after ``timeout``). It lives as long as the process, like `HTTPClient.shared`.
    public static let standardHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(httpClient: HTTPClient = standardHTTPClient, logger: Logger, timeout: TimeAmount = .seconds(30)) {
        self.httpClient = httpClient
        self.logger = logger
        self.timeout = timeout
    }

    /// A response with its body read.
    struct Response {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: Data
    }

    /// Sends `request`; a connection failure or a timeout is ``OAuthError/temporarilyUnavailable(_:)``.
    func send(_ request: HTTPClientRequest, what: String) async throws(OAuthError) -> Response {
        do {
            let response = try await httpClient.execute(request, timeout: timeout, logger: logger)
            let body = try await response.body.collect(upTo: maximumBodySize)
            return Response(status: response.status, headers: response.headers, body: Data(body.readableBytesView))
        } catch {
            logger.warning(
                "OAuth request failed", metadata: ["oauth.request": "\(what)", "error": "\(type(of: error))"])
            throw .temporarilyUnavailable("\(what) failed: \(Self.describe(error))")
        }
    }

    /// A short description of a transport error that carries no request content.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return "timed out"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return "HTTP client error \(error.shortDescription)"
            }
        }
        if error is NIOConnectionError { return "cannot connect" }
        if error is NIOTooManyBytesError { return "the answer is too large" }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "cannot connect (connection refused)"
            case EHOSTUNREACH, ENETUNREACH: return "cannot connect (no route to the server)"
            default: return "I/O error (errno \(error.errnoCode))"
            }
        }
        return "\(type(of: error))"
    }

    /// Reads a JSON object, or fails with `failure` and what was wrong.
    static func jsonObject(_ body: Data, what: String) throws(OAuthError) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw .refused("\(what) is not a JSON object")
        }
        return object
    }
}

extension HTTPClientError {
    /// The error's case name, which (unlike some descriptions) never quotes request content.
    fileprivate var shortDescription: String {
        String(describing: self).prefix { $0 != "(" }.description
    }
}
