import Foundation

/// The claim checks of ``JWTVerifier``, a pure function of the settings, the claims and the time.
///
/// Order: every check but `exp` first, so that `.expired` is reported only for a token that would otherwise be
/// accepted; any other failure is `.invalid`.
struct JWTClaimChecker: Sendable {
    let settings: OIDCSettings

    /// The verified token, or why its claims are refused.
    func check(_ claims: JWTClaims, now: Date) -> Result<VerifiedToken, AuthFailure> {
        let time = now.timeIntervalSince1970
        let leeway = Double(max(settings.leeway, 0))
        guard case .string(let issuer) = claims["iss"], issuer == settings.issuer else { return .failure(.invalid) }
        guard case .string(let subject) = claims["sub"], !subject.isEmpty else { return .failure(.invalid) }
        if let audience = settings.audience {
            guard let audiences = claims["aud"]?.strings, audiences.contains(audience) else {
                return .failure(.invalid)
            }
        } else if let present = claims["aud"], present.strings == nil {
            return .failure(.invalid)
        }
        if let clientID = settings.clientID, let presenter = claims["azp"] {
            guard case .string(let value) = presenter, value == clientID else { return .failure(.invalid) }
        }
        if let notBefore = claims["nbf"] {
            guard case .number(let value) = notBefore, time + leeway >= value else { return .failure(.invalid) }
        }
        guard case .number(let expiry) = claims["exp"] else { return .failure(.invalid) }
        let values = roleValues(claims)
        guard time - leeway < expiry else { return .failure(.expired) }
        return .success(VerifiedToken(subject: subject, roleClaimValues: values, role: role(for: values)))
    }

    /// The values of the roles claim: a string, or the strings of an array; empty when the token has no such claim
    /// or it is of another type (the token is then authentic but grants no role).
    func roleValues(_ claims: JWTClaims) -> [String] {
        switch claims.value(at: settings.rolesClaim) {
        case .string(let value): [value]
        case .array(let values): values.compactMap { if case .string(let value) = $0 { value } else { nil } }
        default: []
        }
    }

    /// The highest role one of `values` maps to.
    func role(for values: [String]) -> Role? {
        let granted = Set(values)
        return Role.allCases.filter { role in
            settings.roleValues[role, default: []].contains { granted.contains($0) }
        }.max()
    }
}
