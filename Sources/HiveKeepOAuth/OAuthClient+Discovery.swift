import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1

extension OAuthClient {
    /// Finds the authorization server for `settings`: `authorize_url` + `token_url` when both are given (with the
    /// issuer's metadata consulted for a registration endpoint only when an issuer is given too), else the given
    /// `issuer`'s metadata, else the resource's own pointers: its 401 challenge (``probe(resource:)``), its
    /// protected resource metadata (RFC 9728) and that metadata's first authorization server.
    public func discover(settings: OAuthSettings) async throws(OAuthError) -> OAuthEndpoints {
        if let authorizeURL = settings.authorizeURL, let tokenURL = settings.tokenURL {
            try Self.requireSecure(authorizeURL, what: "authorize_url")
            try Self.requireSecure(tokenURL, what: "token_url")
            return OAuthEndpoints(
                issuer: settings.issuer?.absoluteString, authorizationEndpoint: authorizeURL, tokenEndpoint: tokenURL)
        }
        if settings.authorizeURL != nil || settings.tokenURL != nil {
            throw .discoveryFailed("authorize_url and token_url must be given together")
        }
        if let issuer = settings.issuer {
            return try await authorizationServerMetadata(issuer: issuer)
        }
        let challenge = try await probe(resource: settings.resource)
        let resource = try await protectedResourceMetadata(resource: settings.resource, challenge: challenge)
        guard let server = resource.authorizationServers.first else {
            throw .discoveryFailed("the protected resource metadata names no authorization server")
        }
        var endpoints = try await authorizationServerMetadata(issuer: server)
        if let scope = challenge?.scope, !scope.isEmpty {
            endpoints.scopesSupported = scope.split(separator: " ").map(String.init)
        } else if let scopes = resource.scopesSupported {
            endpoints.scopesSupported = scopes
        }
        return endpoints
    }

    /// Calls the resource without credentials (an MCP `initialize` POST) and returns the `Bearer` challenge of its
    /// 401, or nil when it answered anything else.
    public func probe(resource: URL) async throws(OAuthError) -> BearerChallenge? {
        try Self.requireSecure(resource, what: "the MCP server URL")
        var request = HTTPClientRequest(url: resource.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        request.body = .bytes(Data(Self.probeBody.utf8))
        let response = try await send(request, what: "probing the MCP server")
        guard response.status == .unauthorized else { return nil }
        return BearerChallenge.parse(response.headers["WWW-Authenticate"])
    }

    private static let probeBody = """
        {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
        "clientInfo":{"name":"hivekeep","version":"1"}}}
        """

    /// Reads the protected resource metadata: the challenge's `resource_metadata` URL, else the well-known URL at
    /// the resource's path, then at the root.
    public func protectedResourceMetadata(
        resource: URL, challenge: BearerChallenge?
    ) async throws(OAuthError) -> ProtectedResourceMetadata {
        var candidates: [URL] = []
        if let given = challenge?.resourceMetadata {
            guard let url = URL(string: given) else {
                throw .discoveryFailed("the resource_metadata URL in the challenge is not a URL")
            }
            candidates.append(url)
        } else {
            candidates = WellKnown.urls(for: resource, suffix: "oauth-protected-resource", openID: false)
        }
        for url in candidates {
            try Self.requireSecure(url, what: "the protected resource metadata URL")
            guard let object = try await fetchMetadata(url) else { continue }
            let metadata = ProtectedResourceMetadata(object)
            if let named = metadata.resource, !WellKnown.resource(named, covers: resource) {
                throw .discoveryFailed(
                    "the protected resource metadata is for \(named), not \(resource.absoluteString)")
            }
            logger.debug("protected resource metadata", metadata: ["oauth.metadata": "\(url.absoluteString)"])
            return metadata
        }
        throw .discoveryFailed("no protected resource metadata for \(resource.absoluteString)")
    }

    /// Reads an authorization server's metadata (RFC 8414, then OpenID discovery) and checks its `issuer`.
    public func authorizationServerMetadata(issuer: URL) async throws(OAuthError) -> OAuthEndpoints {
        try Self.requireSecure(issuer, what: "the issuer")
        for url in WellKnown.authorizationServerURLs(issuer: issuer) {
            guard let object = try await fetchMetadata(url) else { continue }
            return try Self.endpoints(from: object, issuer: issuer)
        }
        throw .discoveryFailed("no authorization server metadata for \(issuer.absoluteString)")
    }

    /// The JSON object at `url`, or nil when it answered 404 (or another 4xx).
    private func fetchMetadata(_ url: URL) async throws(OAuthError) -> [String: Any]? {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await send(request, what: "fetching \(url.absoluteString)")
        if response.status.code >= 500 {
            throw .temporarilyUnavailable("\(url.absoluteString) answered \(response.status.code)")
        }
        guard response.status == .ok else { return nil }
        return try Self.jsonObject(response.body, what: url.absoluteString)
    }

    /// Refuses plain HTTP anywhere but loopback.
    static func requireSecure(_ url: URL, what: String) throws(OAuthError) {
        let scheme = url.scheme?.lowercased()
        if scheme == "https" { return }
        if scheme == "http", let host = url.host, ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) { return }
        throw .discoveryFailed("\(what) must use https (plain http only on loopback): \(url.absoluteString)")
    }
}
