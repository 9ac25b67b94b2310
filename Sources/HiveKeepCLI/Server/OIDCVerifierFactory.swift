import AsyncHTTPClient
import HiveKeepAuth
import HiveKeepCore
import Logging

/// The verifier of OIDC access tokens for `settings`, after checking them (an http issuer or key-set URL only on
/// loopback).
func makeOIDCVerifier(_ settings: OIDCSettings, logger: Logger) throws -> any TokenVerifier {
    try JWTVerifier.validate(settings)
    return JWTVerifier(settings: settings, httpClient: HTTPClient.shared, logger: logger)
}
