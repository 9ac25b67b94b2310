import Foundation
import HiveKeepCore
import HiveKeepOAuth

/// A remote workload's OAuth sign-in settings (``RemoteOAuthPolicy``), read from its run configuration for its
/// runner.
///
/// The client secret travels to the runner like a header secret: read from the secrets provider at start and handed
/// over the pipe under ``clientSecretHandover``. The tokens and a dynamic registration are not here: the runner keeps
/// them in the secrets store's reserved OAuth records (`SecretsService.oauthRecord`), which is why the API server
/// also hands it the vault password (``vaultPasswordHandover``) when the provider is the encrypted vault.
public struct UpstreamOAuth: Sendable {
    /// The handover name of the client secret.
    public static let clientSecretHandover = "HIVEKEEP_UPSTREAM_OAUTH_CLIENT_SECRET"
    /// The handover name of the vault password (only for a workload that signs in).
    public static let vaultPasswordHandover = "HIVEKEEP_RUNNER_VAULT_PASSWORD"

    /// The settings, `clientSecret` still nil (the runner fills it from the handover).
    public var settings: OAuthSettings
    /// Where the client secret is kept, when the workload names one.
    public var clientSecret: SecretReference?

    /// The sign-in settings of `config`; nil when it is not a remote workload or asks for no sign-in.
    public init?(config: RunConfig) throws {
        guard let remote = config.remoteURL, !remote.isEmpty, let auth = config.remoteAuthConfig,
            Self.asksForSignIn(auth), let resource = URL(string: remote)
        else { return nil }
        func url(_ text: String?) -> URL? { text.flatMap { $0.isEmpty ? nil : URL(string: $0) } }
        var settings = OAuthSettings(resource: resource)
        settings.resourceIndicator = auth.resource?.isEmpty == false ? auth.resource : nil
        settings.issuer = url(auth.issuer)
        settings.authorizeURL = url(auth.authorizeURL)
        settings.tokenURL = url(auth.tokenURL)
        settings.clientID = auth.clientID?.isEmpty == false ? auth.clientID : nil
        settings.scopes = auth.scopes ?? []
        // PKCE (S256) is always used: OAuth 2.1 requires it for the code flow, and `use_pkce: false` cannot lower it.
        settings.usePKCE = true
        settings.callbackPort = auth.callbackPort.flatMap { $0 == 0 ? nil : $0 }
        settings.extraParameters = auth.oauthParams ?? [:]
        settings.clientCredentials = auth.grantType == "client_credentials"
        self.settings = settings
        self.clientSecret = try auth.clientSecret.flatMap { $0.isEmpty ? nil : try SecretReference(parsing: $0) }
    }

    /// Whether `auth` carries any sign-in setting (a static bearer token and headers alone do not).
    static func asksForSignIn(_ auth: RemoteAuthConfig) -> Bool {
        let texts = [auth.issuer, auth.authorizeURL, auth.tokenURL, auth.clientID, auth.clientSecret, auth.resource]
        return texts.contains { $0?.isEmpty == false } || auth.scopes?.isEmpty == false
            || auth.oauthParams?.isEmpty == false || (auth.callbackPort ?? 0) != 0
            || (auth.grantType ?? "").isEmpty == false
    }
}
