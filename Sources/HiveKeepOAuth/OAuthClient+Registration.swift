import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1

extension OAuthClient {
    /// The client to sign in as: the settings' `client_id` (with its `client_secret`, sent with HTTP Basic) when
    /// given, otherwise a new dynamic registration for `redirectURI` (see ``register(endpoints:redirectURI:scopes:clientName:tokenEndpointAuthMethod:)``).
    public func clientRegistration(
        settings: OAuthSettings, endpoints: OAuthEndpoints, redirectURI: String
    ) async throws(OAuthError) -> OAuthClientRegistration {
        if let clientID = settings.clientID, !clientID.isEmpty {
            let secret = settings.clientSecret.flatMap { $0.isEmpty ? nil : $0 }
            return OAuthClientRegistration(
                clientID: clientID, clientSecret: secret, redirectURI: nil,
                tokenEndpointAuthMethod: secret == nil ? "none" : "client_secret_basic")
        }
        if settings.clientCredentials {
            throw .refused("the client credentials grant needs a client_id and client_secret")
        }
        return try await register(endpoints: endpoints, redirectURI: redirectURI, scopes: settings.scopes)
    }

    /// Registers HiveKeep at the authorization server (RFC 7591) as a public client using PKCE: the
    /// `authorization_code` and `refresh_token` grants, `response_types` `code`, `redirectURI` as its only
    /// redirect URI and `token_endpoint_auth_method` `none`. The answer's own `token_endpoint_auth_method` decides
    /// how the token endpoint is called: a secret is kept (and sent with HTTP Basic, or in the body for
    /// `client_secret_post`) unless the server registered the client as public (`none`).
    ///
    /// `tokenEndpointAuthMethod` asks for a confidential client (`client_secret_basic`) from a server whose code
    /// grant refuses public clients.
    public func register(
        endpoints: OAuthEndpoints, redirectURI: String, scopes: [String] = [], clientName: String = "HiveKeep",
        tokenEndpointAuthMethod: String = "none"
    ) async throws(OAuthError) -> OAuthClientRegistration {
        guard let endpoint = endpoints.registrationEndpoint else {
            throw .discoveryFailed(
                "the authorization server offers no dynamic client registration; give a client_id")
        }
        var document: [String: Any] = [
            "client_name": clientName,
            "redirect_uris": [redirectURI],
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "token_endpoint_auth_method": tokenEndpointAuthMethod,
        ]
        if !scopes.isEmpty { document["scope"] = scopes.joined(separator: " ") }
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        do {
            request.body = .bytes(try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]))
        } catch {
            throw .refused("cannot encode the registration request")
        }
        let response = try await send(request, what: "dynamic client registration")
        let answer = try? Self.jsonObject(response.body, what: "the registration answer")
        guard response.status == .created || response.status == .ok else {
            throw Self.sortError(status: response.status.code, object: answer, what: "dynamic client registration")
        }
        guard let clientID = answer?["client_id"] as? String, !clientID.isEmpty else {
            throw .refused("the registration answer has no client_id")
        }
        var secret = (answer?["client_secret"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let method =
            answer?["token_endpoint_auth_method"] as? String ?? (secret == nil ? "none" : "client_secret_basic")
        guard ["none", "client_secret_basic", "client_secret_post"].contains(method) else {
            throw .refused("the server registered the client for \(method) authentication, which is not supported")
        }
        if method == "none" { secret = nil }
        logger.info(
            "registered an OAuth client",
            metadata: ["oauth.issuer": "\(endpoints.issuer ?? "?")", "oauth.confidential": "\(secret != nil)"])
        return OAuthClientRegistration(
            clientID: clientID, clientSecret: secret, redirectURI: redirectURI, tokenEndpointAuthMethod: method)
    }
}
