import HiveKeepAuth
import HiveKeepCore

/// What HiveKeep enforces of a workload's authentication settings; everything else is refused with a 400 that
/// says it is not supported yet, never stored and ignored.
///
/// - `oidc` (who may use the workload's proxy): issuer, audience, JWKS URL and client id act; an introspection URL, a
///   client secret or a CA/token-file path do not exist here yet.
/// - `oauth_config` (how the proxy authenticates to a remote server): `bearer_token`, a secret reference, is sent
///   as `Authorization: Bearer`; or the OAuth 2.1 sign-in settings (``RemoteOAuthPolicy``), acted on by the runner,
///   which keeps the tokens in the secrets store.
/// - `headers`: entries `{name, value}` where the value is a plain string or a secret reference `{name, target}`
///   (read from the secrets provider when the workload starts), sent on every upstream request.
public enum RemoteAuthPolicy {
    /// Refuses OIDC settings the proxy cannot enforce.
    static func checkOIDC(_ value: JSONValue?) throws {
        guard let value, value != .null else { return }
        guard let fields = value.objectValue else { throw HiveKeepError.invalid("oidc must be an object") }
        for field in ["introspection_url", "client_secret", "ca_cert_path", "auth_token_file", "resource_url"]
        where isSet(fields[field]) {
            throw HiveKeepError.invalid("oidc.\(field) is not supported yet")
        }
        guard fields.values.contains(where: { isSet($0) }) else { return }
        guard isSet(fields["issuer"]) else { throw HiveKeepError.invalid("oidc needs an issuer") }
        do {
            _ = try settings(WorkloadDefinition.oidc(from: value))
        } catch let error as HiveKeepError {
            throw HiveKeepError.invalid("oidc: \(error.message)")
        }
    }

    /// The verifier settings of a stored `oidc_config`: nil when it names no issuer. The issuer and the key-set
    /// URL must be `https` (or `http` to a loopback address).
    public static func settings(_ oidc: OIDCConfig?) throws -> OIDCSettings? {
        guard let oidc, let issuer = oidc.issuer, !issuer.isEmpty else { return nil }
        func nonEmpty(_ text: String?) -> String? { text?.isEmpty == false ? text : nil }
        let settings = OIDCSettings(
            issuer: issuer, audience: nonEmpty(oidc.audience), jwksURL: nonEmpty(oidc.jwksURL),
            clientID: nonEmpty(oidc.clientID))
        try JWTVerifier.validate(settings)
        return settings
    }

    /// Checks `oauth_config` (``RemoteOAuthPolicy``): static token or sign-in settings, each validated.
    static func checkOAuth(_ value: JSONValue?) throws {
        guard let value, value != .null else { return }
        guard let fields = value.objectValue else { throw HiveKeepError.invalid("oauth_config must be an object") }
        try RemoteOAuthPolicy.check(fields)
    }

    /// Whether a JSON member carries something (not absent, null, "", false, 0, [] or {}).
    static func isSet(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .bool(false)?, .int(0)?: false
        case .string(let text)?: !text.isEmpty
        case .array(let items)?: !items.isEmpty
        case .object(let members)?: members.values.contains { isSet($0) }
        default: true
        }
    }
}
