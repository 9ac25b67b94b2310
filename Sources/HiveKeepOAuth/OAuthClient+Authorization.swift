import Foundation

extension OAuthClient {
    /// The parameters of the authorization request that `oauth_params` may not set.
    public static let protocolParameters: Set<String> = [
        "response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "resource",
        "scope",
    ]

    /// Starts an authorization code flow: a fresh PKCE verifier (S256) and `state`, the `resource` indicator
    /// (RFC 8707), the scopes (the settings', else the discovered ones) and `oauth_params`.
    ///
    /// - Throws: ``OAuthError/refused(_:)`` when `oauth_params` names a protocol parameter (``protocolParameters``).
    public func authorizationRequest(
        endpoints: OAuthEndpoints, client: OAuthClientRegistration, settings: OAuthSettings, redirectURI: String
    ) throws(OAuthError) -> AuthorizationRequest {
        let overriding = settings.extraParameters.keys.filter { Self.protocolParameters.contains($0.lowercased()) }
        guard overriding.isEmpty else {
            throw .refused("oauth_params may not set \(overriding.sorted().joined(separator: ", ")) (set by the flow)")
        }
        let state = try PKCE.makeState()
        let verifier = settings.usePKCE ? try PKCE.makeVerifier() : ""
        var parameters: [(String, String)] = [
            ("response_type", "code"), ("client_id", client.clientID), ("redirect_uri", redirectURI), ("state", state),
        ]
        if settings.usePKCE {
            parameters += [("code_challenge", try PKCE.challenge(for: verifier)), ("code_challenge_method", "S256")]
        }
        parameters.append(("resource", Self.resourceIndicator(settings)))
        let scopes = settings.scopes.isEmpty ? endpoints.scopesSupported ?? [] : settings.scopes
        if !scopes.isEmpty { parameters.append(("scope", scopes.joined(separator: " "))) }
        parameters += settings.extraParameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        guard var components = URLComponents(url: endpoints.authorizationEndpoint, resolvingAgainstBaseURL: false)
        else { throw .discoveryFailed("the authorization endpoint is not a URL") }
        let existing = components.percentEncodedQuery.map { $0 + "&" } ?? ""
        components.percentEncodedQuery = existing + FormEncoding.encode(parameters, spaceAsPlus: false)
        guard let url = components.url else { throw .refused("cannot build the authorization URL") }
        return AuthorizationRequest(url: url, state: state, codeVerifier: verifier, redirectURI: redirectURI)
    }

    /// The `resource` indicator: the settings' own, else the MCP server's URL without fragment.
    static func resourceIndicator(_ settings: OAuthSettings) -> String {
        if let given = settings.resourceIndicator, !given.isEmpty { return given }
        var components = URLComponents(url: settings.resource, resolvingAgainstBaseURL: false)
        components?.fragment = nil
        return components?.url?.absoluteString ?? settings.resource.absoluteString
    }
}

/// What the authorization server sent back to the redirect URI: the code to exchange (never printed).
public struct AuthorizationCompletion: Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var state: String

    public init(code: String, state: String) {
        self.code = code
        self.state = state
    }

    public var description: String { "AuthorizationCompletion(code: <redacted>)" }
}

extension AuthorizationRequest {
    /// Reads the redirect the browser was sent to (a pasted URL, or the callback listener's request target): its
    /// `code` when its `state` is this flow's.
    ///
    /// - Throws: ``OAuthError/callbackRejected(_:)`` for an `error` answer, a state that is not this flow's, or a
    ///   redirect without a code.
    public func completion(fromRedirect redirect: String) throws(OAuthError) -> AuthorizationCompletion {
        let trimmed = redirect.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed) else {
            throw .callbackRejected("the redirect is not a URL")
        }
        let query = components.percentEncodedQuery.map(FormEncoding.decode) ?? []
        func value(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
        if let error = value("error") {
            let description = value("error_description").map { ": \($0)" } ?? ""
            throw .callbackRejected("the authorization server answered \(error)\(description)")
        }
        guard let state = value("state"), state == self.state else {
            throw .callbackRejected("the redirect's state is not this sign-in's (start the sign-in again)")
        }
        guard let code = value("code"), !code.isEmpty else {
            throw .callbackRejected("the redirect carries no authorization code")
        }
        return AuthorizationCompletion(code: code, state: state)
    }
}
