import ArgumentParser
import AsyncHTTPClient
import HiveKeepAuth
import HiveKeepCore
import HiveKeepServer
import HiveKeepStore
import Logging

/// `hivekeep serve`'s authentication and TLS flags, and how they combine with `config.yaml`'s `auth:` section.
struct ServeAccessOptions: ParsableArguments {
    @Option(help: "How callers authenticate: token (default), oidc, or none (loopback or socket only).")
    var auth: AuthMode?

    @Option(name: .customLong("oidc-issuer"), help: "The OIDC issuer whose JWT access tokens are accepted.")
    var oidcIssuer: String?

    @Option(name: .customLong("oidc-audience"), help: "The audience the tokens must carry.")
    var oidcAudience: String?

    @Option(name: .customLong("oidc-jwks-url"), help: "The issuer's key set (default: from its discovery document).")
    var oidcJWKSURL: String?

    @Option(name: .customLong("oidc-client-id"), help: "The client id, checked against a token's azp.")
    var oidcClientID: String?

    @Option(name: .customLong("oidc-roles-claim"), help: "The claim that holds the caller's groups (default groups).")
    var oidcRolesClaim: String?

    @Option(
        name: .customLong("oidc-role"),
        help: "ROLE=VALUE: a claim value that grants a role (admin, operator, viewer); repeatable.")
    var oidcRoles: [String] = []

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain of the TLS listener.")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key of the TLS listener.")
    var tlsKey: String?

    @Option(name: .customLong("allowed-host"), help: "A host name the Host header may carry (repeatable).")
    var allowedHostNames: [String] = []

    func mode(settings: HiveKeepConfig.AuthSettings?) throws -> AuthMode {
        if let auth { return auth }
        guard let text = settings?.mode else { return oidcIssuer != nil ? .oidc : .token }
        guard let mode = AuthMode(rawValue: text) else {
            throw ValidationError("config.yaml auth.mode '\(text)' is not one of token, oidc, none")
        }
        return mode
    }

    func tlsFiles(settings: HiveKeepConfig.AuthSettings?) throws -> ServerConfiguration.TLSFiles? {
        let cert = tlsCert ?? settings?.tlsCert
        let key = tlsKey ?? settings?.tlsKey
        switch (cert, key) {
        case (nil, nil): return nil
        case (let cert?, let key?): return .init(certificateChain: cert, privateKey: key)
        default: throw ValidationError("--tls-cert and --tls-key go together")
        }
    }

    func allowedHosts(settings: HiveKeepConfig.AuthSettings?) -> [String] {
        allowedHostNames + (settings?.allowedHosts ?? [])
    }

    /// The OIDC settings from the flags, then config.yaml.
    func oidcSettings(_ settings: HiveKeepConfig.AuthSettings?) throws -> OIDCSettings {
        let file = settings?.oidc
        guard let issuer = oidcIssuer ?? file?.issuer, !issuer.isEmpty else {
            throw ValidationError("--auth oidc needs --oidc-issuer (or auth.oidc.issuer in config.yaml)")
        }
        var roles: [Role: [String]] = [:]
        for (name, values) in file?.roles ?? [:] {
            guard let role = Role(rawValue: name) else {
                throw ValidationError("config.yaml auth.oidc.roles: '\(name)' is not admin, operator or viewer")
            }
            roles[role, default: []] += values
        }
        for mapping in oidcRoles {
            let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = Role(rawValue: parts[0]), !parts[1].isEmpty else {
                throw ValidationError("--oidc-role '\(mapping)' is not ROLE=VALUE with ROLE admin, operator or viewer")
            }
            roles[role, default: []].append(parts[1])
        }
        return OIDCSettings(
            issuer: issuer, audience: oidcAudience ?? file?.audience, jwksURL: oidcJWKSURL ?? file?.jwksURL,
            clientID: oidcClientID ?? file?.clientID, rolesClaim: oidcRolesClaim ?? file?.rolesClaim ?? "groups",
            roleValues: roles)
    }

    /// The authenticator of `mode`; creates the API token when it is missing, and says at every start what is
    /// in force (never the token).
    func authenticator(
        mode: AuthMode, settings: HiveKeepConfig.AuthSettings?, tokenFile: TokenFile,
        listen: ServerConfiguration.Listen, logger: Logger
    ) async throws -> APIAuthenticator {
        try tokenFile.ensure()
        switch mode {
        case .token:
            logger.notice(
                "API authentication: bearer token (hivekeep api-token prints it)",
                metadata: ["auth.token_file": "\(tokenFile.path)"])
            return APIAuthenticator(mode: .token, apiToken: tokenFile)
        case .none:
            logger.warning(
                """
                API authentication is OFF (--auth none): every local process can use the API, read logs and start \
                workloads with your secrets
                """, metadata: ["address": "\(listen)"])
            return APIAuthenticator(mode: .none, apiToken: tokenFile)
        case .oidc:
            let oidc = try oidcSettings(settings)
            let verifier = try makeOIDCVerifier(oidc, logger: logger)
            logger.notice(
                "API authentication: OIDC tokens and the API token",
                metadata: ["auth.issuer": "\(oidc.issuer)", "auth.roles_claim": "\(oidc.rolesClaim)"])
            return APIAuthenticator(mode: .oidc, apiToken: tokenFile, verifier: verifier)
        }
    }
}
