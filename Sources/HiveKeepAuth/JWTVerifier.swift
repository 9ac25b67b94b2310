import AsyncHTTPClient
import Foundation
import HiveKeepCore
import JWTKit
import Logging
import Sodium
import Synchronization

/// Verifies OIDC access tokens (JWTs) with jwt-kit against the issuer's published key set.
///
/// - Keys come from `settings.jwksURL`, else from the issuer's discovery document; they are fetched on first use and
///   cached, so verifying a token with a known key does no I/O. Only RS256, ES256 and EdDSA keys are used (see
///   ``JWTKeySet``); `none` and HMAC tokens never verify.
/// - A token naming an unknown `kid` makes the verifier fetch the key set again, at most once per
///   ``refreshInterval``, so a rotated key is picked up without a restart; within the interval it is refused.
/// - Claims are checked by ``JWTClaimChecker``: `.expired` only for a token that is otherwise good, `.invalid` for
///   anything else. The token is never logged.
public actor JWTVerifier: TokenVerifier {
    /// The shortest time between two fetches caused by unknown key ids.
    public static let refreshInterval = Duration.seconds(30)
    /// The shortest time between attempts to load the first key set after a failure.
    static let retryInterval = Duration.seconds(5)

    private let checker: JWTClaimChecker
    let discovery: OIDCKeyDiscovery
    let logger: Logger
    var keys: JWTKeySet?
    var loading: Task<JWTKeySet?, Never>?
    var keySetURL: String?
    var lastRefresh: ContinuousClock.Instant?
    var lastFailure: ContinuousClock.Instant?
    /// Tokens whose signature verified, by the BLAKE2b digest of the token: their claims are checked again (time,
    /// issuer, audience) on every use, the signature not. At most ``cacheLimit`` entries; a full cache is emptied.
    /// Read without entering the actor, so that a known token costs no hop to the actor's executor.
    let verified = Mutex<[[UInt8]: JWTClaims]>([:])
    static let cacheLimit = 1024

    /// A verifier for `settings` (check them first with ``validate(_:)``); `httpClient` fetches the key set.
    public init(settings: OIDCSettings, httpClient: HTTPClient, logger: Logger) {
        self.checker = JWTClaimChecker(settings: settings)
        self.discovery = OIDCKeyDiscovery(settings: settings, httpClient: httpClient, logger: logger)
        self.logger = logger
    }

    /// Refuses settings the verifier cannot use safely: an issuer or key-set URL that is not `https` (plain `http`
    /// only to a loopback address), an empty audience or roles claim, a negative leeway.
    public static func validate(_ settings: OIDCSettings) throws {
        try OIDCKeyDiscovery.checkURL(settings.issuer, what: "issuer")
        if let jwksURL = settings.jwksURL { try OIDCKeyDiscovery.checkURL(jwksURL, what: "JWKS URL") }
        if settings.audience?.isEmpty == true { throw invalid("the OIDC audience is empty") }
        if settings.clientID?.isEmpty == true { throw invalid("the OIDC client id is empty") }
        if settings.rolesClaim.isEmpty { throw invalid("the OIDC roles claim is empty") }
        if settings.leeway < 0 { throw invalid("the OIDC leeway is negative") }
    }

    /// The verified token, or `.expired` for a good token past its `exp`, or `.invalid`.
    public nonisolated func verify(_ token: String) async -> Result<VerifiedToken, AuthFailure> {
        let digest = try? BLAKE2b.hash(Array(token.utf8), outputLength: 32)
        if let digest, let claims = verified.withLock({ $0[digest] }) {
            let result = checker.check(claims, now: Date())
            if case .failure(let failure) = result {
                verified.withLock { $0[digest] = nil }
                logger.debug("OIDC token refused", metadata: ["auth.reason": "claims: \(failure)"])
            }
            return result
        }
        return await verifySignature(token, digest: digest)
    }

    /// The full check of a token not seen before: its key, signature and claims.
    private func verifySignature(_ token: String, digest: [UInt8]?) async -> Result<VerifiedToken, AuthFailure> {
        guard let header = JWTHeaderFields(token: token), JWTKeySet.acceptedAlgorithms.contains(header.alg) else {
            return refuse("the token is malformed or its algorithm is not accepted")
        }
        guard var keySet = await currentKeys() else { return refuse("no key set") }
        if header.kid.map({ keySet.algorithms[$0] == nil }) ?? false {
            guard let refreshed = await refreshForUnknownKey() else { return refuse("unknown key id") }
            keySet = refreshed
        }
        guard let kid = header.kid ?? keySet.soleKeyID, let algorithm = keySet.algorithms[kid] else {
            return refuse("unknown key id")
        }
        guard algorithm == header.alg else { return refuse("the algorithm does not match the key") }
        let claims: JWTClaims
        do {
            claims = try await keySet.collection.verify(token, as: JWTClaims.self)
        } catch {
            return refuse("bad signature or payload")
        }
        let result = checker.check(claims, now: Date())
        if case .failure(let failure) = result { return refuse("claims: \(failure)", failure) }
        if let digest {
            verified.withLock { cache in
                if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
                cache[digest] = claims
            }
        }
        return result
    }

    private func refuse(_ reason: String, _ failure: AuthFailure = .invalid) -> Result<VerifiedToken, AuthFailure> {
        logger.debug("OIDC token refused", metadata: ["auth.reason": "\(reason)"])
        return .failure(failure)
    }

    private static func invalid(_ message: String) -> HiveKeepError {
        HiveKeepError(.invalidArgument, message)
    }
}
