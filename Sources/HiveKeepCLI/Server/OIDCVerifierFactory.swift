import AsyncHTTPClient
import HiveKeepAuth
import HiveKeepCore
import Logging

/// The verifier of OIDC access tokens for `settings` (checked first: an http issuer only on loopback).
func makeOIDCVerifier(_ settings: OIDCSettings, logger: Logger) throws -> any TokenVerifier {
    throw HiveKeepError.invalid("TEMPORARY")
}
