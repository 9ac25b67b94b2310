import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1

extension OAuthClient {
    /// Registers HiveKeep at the authorization server (RFC 7591) as a public client using PKCE: the
    /// `authorization_code` and `refresh_token` grants, `response_types` `code`, `redirectURI` as its only
    /// redirect URI and `token_endpoint_auth_method` `none`. When the server hands out a secret anyway, the
    /// registration keeps it and the token endpoint is then called with HTTP Basic client authentication.
    public func register(
        endpoints: OAuthEndpoints, redirectURI: String, scopes: [String] = [], clientName: String = "HiveKeep"
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
            "token_endpoint_auth_method": "none",
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
        let secret = (answer?["client_secret"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        logger.info(
            "registered an OAuth client",
            metadata: ["oauth.issuer": "\(endpoints.issuer ?? "?")", "oauth.confidential": "\(secret != nil)"])
        return OAuthClientRegistration(clientID: clientID, clientSecret: secret, redirectURI: redirectURI)
    }
}
