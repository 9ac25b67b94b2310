import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1

extension OAuthClient {
    /// Exchanges the code of a finished authorization for tokens (with the flow's PKCE verifier, redirect URI and
    /// resource indicator).
    public func exchange(
        _ completion: AuthorizationCompletion, request: AuthorizationRequest, endpoints: OAuthEndpoints,
        client: OAuthClientRegistration, settings: OAuthSettings
    ) async throws(OAuthError) -> OAuthTokens {
        guard completion.state == request.state else {
            throw .callbackRejected("the completion's state is not this sign-in's")
        }
        var form = [
            ("grant_type", "authorization_code"), ("code", completion.code), ("redirect_uri", request.redirectURI),
        ]
        if !request.codeVerifier.isEmpty { form.append(("code_verifier", request.codeVerifier)) }
        form.append(("resource", Self.resourceIndicator(settings)))
        return try await tokenRequest(form, endpoints: endpoints, client: client, what: "code exchange")
    }

    /// Refreshes `tokens`; the old refresh token is kept when the server returns none.
    ///
    /// - Throws: ``OAuthError/signInRequired(_:)`` when there is no refresh token or the server says
    ///   `invalid_grant` (expired or revoked); ``OAuthError/temporarilyUnavailable(_:)`` for a 5xx or a network
    ///   failure (the tokens may still be good: retry later).
    public func refresh(
        _ tokens: OAuthTokens, endpoints: OAuthEndpoints, client: OAuthClientRegistration, settings: OAuthSettings
    ) async throws(OAuthError) -> OAuthTokens {
        guard let refreshToken = tokens.refreshToken else {
            throw .signInRequired("there is no refresh token; sign in again")
        }
        let form = [
            ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("resource", Self.resourceIndicator(settings)),
        ]
        var refreshed = try await tokenRequest(form, endpoints: endpoints, client: client, what: "refresh")
        if refreshed.refreshToken == nil { refreshed.refreshToken = refreshToken }
        return refreshed
    }

    /// The client credentials grant (no user): needs a client with a secret.
    public func clientCredentials(
        endpoints: OAuthEndpoints, client: OAuthClientRegistration, settings: OAuthSettings
    ) async throws(OAuthError) -> OAuthTokens {
        guard client.clientSecret != nil else {
            throw .refused("the client credentials grant needs a client_secret")
        }
        var form = [("grant_type", "client_credentials"), ("resource", Self.resourceIndicator(settings))]
        let scopes = settings.scopes.isEmpty ? endpoints.scopesSupported ?? [] : settings.scopes
        if !scopes.isEmpty { form.append(("scope", scopes.joined(separator: " "))) }
        return try await tokenRequest(form, endpoints: endpoints, client: client, what: "client credentials grant")
    }

    /// POSTs `form` to the token endpoint, authenticating as the registration says (HTTP Basic when it has a
    /// secret and says nothing else; `client_id` alone in the body for a public client), and reads the answer. Values of the form and the client secret are
    /// redacted from any error text.
    func tokenRequest(
        _ form: [(String, String)], endpoints: OAuthEndpoints, client: OAuthClientRegistration, what: String
    ) async throws(OAuthError) -> OAuthTokens {
        var form = form
        var request = HTTPClientRequest(url: endpoints.tokenEndpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        switch (client.clientSecret, client.tokenEndpointAuthMethod) {
        case (let secret?, "client_secret_post"):
            form += [("client_id", client.clientID), ("client_secret", secret)]
        case (let secret?, nil), (let secret?, "client_secret_basic"):
            let pair = FormEncoding.escape(client.clientID) + ":" + FormEncoding.escape(secret)
            request.headers.add(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
        default:
            form.append(("client_id", client.clientID))
        }
        request.body = .bytes(Data(FormEncoding.encode(form).utf8))
        let secrets =
            form.filter { ["code", "code_verifier", "refresh_token"].contains($0.0) }.map(\.1)
            + [client.clientSecret].compactMap { $0 }
        do throws(OAuthError) {
            let response = try await send(request, what: what)
            let answer = try? Self.jsonObject(response.body, what: "the token answer")
            guard response.status == .ok, let answer else {
                throw Self.sortError(status: response.status.code, object: answer, what: what)
            }
            let tokens = try Self.tokens(from: answer)
            logger.info(
                "OAuth tokens received",
                metadata: ["oauth.grant": "\(what)", "oauth.expires_at": "\(tokens.expiresAt.map { "\($0)" } ?? "-")"])
            return tokens
        } catch {
            let redacted = Self.redact(error, secrets)
            logger.warning(
                "OAuth token request failed", metadata: ["oauth.grant": "\(what)", "oauth.error": "\(redacted)"])
            throw redacted
        }
    }

    /// The tokens of a successful token answer; `expires_in` becomes an absolute expiry.
    static func tokens(from object: [String: Any], now: Date = Date()) throws(OAuthError) -> OAuthTokens {
        guard let access = object["access_token"] as? String, !access.isEmpty else {
            throw .refused("the token answer has no access_token")
        }
        let type = object["token_type"] as? String ?? "Bearer"
        guard type.lowercased() == "bearer" else { throw .refused("the token type \(type) is not supported") }
        let expiresIn =
            (object["expires_in"] as? NSNumber)?.doubleValue
            ?? (object["expires_in"] as? String).flatMap(Double.init)
        return OAuthTokens(
            accessToken: access, refreshToken: (object["refresh_token"] as? String).flatMap { $0.isEmpty ? nil : $0 },
            expiresAt: expiresIn.map { now.addingTimeInterval($0) }, tokenType: "Bearer",
            scope: object["scope"] as? String)
    }
}
