import Foundation
import HiveKeepCore

/// The checks on `oauth_config`'s sign-in fields (OAuth 2.1 to a remote server, issue 13), each failure a 400 that
/// names the field:
///
/// - `issuer`, `authorize_url`, `token_url` and `resource` are absolute `https` URLs (`http` only to a loopback
///   address); `authorize_url` and `token_url` come together.
/// - `client_secret` (a secret reference) needs `client_id`.
/// - `callback_port` is 0 (a free port) or within 1024-65535.
/// - `scopes` are non-empty strings without spaces; `oauth_params` are strings and never one of the parameters the
///   flow itself sets (`response_type`, `client_id`, `redirect_uri`, `state`, `code_challenge`,
///   `code_challenge_method`, `scope`, `resource`).
/// - `grant_type` (a HiveKeep extension) is `authorization_code` (the default: a person signs in once) or
///   `client_credentials` (no person: needs `client_id` and `client_secret`, and a `token_url` or an `issuer`).
/// - `bearer_token` and the sign-in fields exclude each other; `client_secret_file` and `bearer_token_file` (files on
///   the server) are not supported yet.
enum RemoteOAuthPolicy {
    /// The fields that ask for sign-in.
    static let flowFields = [
        "issuer", "authorize_url", "token_url", "client_id", "client_secret", "scopes", "callback_port", "resource",
        "oauth_params", "grant_type",
    ]

    static let reservedParameters: Set<String> = [
        "response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "scope",
        "resource",
    ]

    static func check(_ fields: [String: JSONValue]) throws {
        let isSet = RemoteAuthPolicy.isSet
        for field in ["client_secret_file", "bearer_token_file"] where isSet(fields[field]) {
            throw HiveKeepError.invalid(
                "oauth_config.\(field) is not supported yet: give the credential as a secret reference")
        }
        let flow = flowFields.filter { isSet(fields[$0]) }
        if isSet(fields["bearer_token"]), let field = flow.first {
            throw HiveKeepError.invalid(
                "oauth_config.bearer_token and oauth_config.\(field) exclude each other: give a static token or "
                    + "the sign-in settings")
        }
        for field in ["issuer", "authorize_url", "token_url", "resource"] {
            guard let value = fields[field], isSet(value) else { continue }
            guard let text = value.stringValue else {
                throw HiveKeepError.invalid("oauth_config.\(field) must be a URL")
            }
            try checkURL(text, field: "oauth_config.\(field)")
        }
        if isSet(fields["authorize_url"]) != isSet(fields["token_url"]) {
            throw HiveKeepError.invalid("oauth_config.authorize_url and oauth_config.token_url come together")
        }
        if isSet(fields["client_secret"]), !isSet(fields["client_id"]) {
            throw HiveKeepError.invalid("oauth_config.client_secret needs oauth_config.client_id")
        }
        if let value = fields["client_id"], isSet(value), value.stringValue == nil {
            throw HiveKeepError.invalid("oauth_config.client_id must be a string")
        }
        if let port = fields["callback_port"], port != .null {
            guard case .int(let number) = port, number == 0 || (1024...65535).contains(number) else {
                throw HiveKeepError.invalid("oauth_config.callback_port must be within 1024-65535")
            }
        }
        try checkScopes(fields["scopes"])
        try checkParameters(fields["oauth_params"])
        try checkGrant(fields)
    }

    private static func checkScopes(_ value: JSONValue?) throws {
        guard let value, RemoteAuthPolicy.isSet(value) else { return }
        guard let items = value.arrayValue else { throw HiveKeepError.invalid("oauth_config.scopes must be a list") }
        for item in items {
            guard let scope = item.stringValue, !scope.isEmpty, !scope.contains(where: \.isWhitespace) else {
                throw HiveKeepError.invalid("oauth_config.scopes: each scope is a non-empty string without spaces")
            }
        }
    }

    private static func checkParameters(_ value: JSONValue?) throws {
        guard let value, RemoteAuthPolicy.isSet(value) else { return }
        guard let members = value.objectValue else {
            throw HiveKeepError.invalid("oauth_config.oauth_params must be an object of strings")
        }
        for (key, item) in members.sorted(by: { $0.key < $1.key }) {
            guard item.stringValue != nil, !key.isEmpty else {
                throw HiveKeepError.invalid("oauth_config.oauth_params.\(key) must be a string")
            }
            if reservedParameters.contains(key) {
                throw HiveKeepError.invalid(
                    "oauth_config.oauth_params.\(key) is set by the sign-in flow itself; use the oauth_config field")
            }
        }
    }

    private static func checkGrant(_ fields: [String: JSONValue]) throws {
        guard let value = fields["grant_type"], value != .null else { return }
        switch value.stringValue {
        case "", "authorization_code"?: return
        case "client_credentials"?:
            guard RemoteAuthPolicy.isSet(fields["client_id"]), RemoteAuthPolicy.isSet(fields["client_secret"]) else {
                throw HiveKeepError.invalid(
                    "oauth_config.grant_type client_credentials needs client_id and client_secret")
            }
            guard RemoteAuthPolicy.isSet(fields["token_url"]) || RemoteAuthPolicy.isSet(fields["issuer"]) else {
                throw HiveKeepError.invalid("oauth_config.grant_type client_credentials needs token_url or issuer")
            }
        default:
            throw HiveKeepError.invalid(
                "oauth_config.grant_type must be authorization_code or client_credentials")
        }
    }

    /// Refuses anything but an absolute `https` URL, or `http` to a loopback address.
    static func checkURL(_ text: String, field: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty
        else {
            throw HiveKeepError.invalid("\(field) must be an absolute https URL")
        }
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw HiveKeepError.invalid("\(field) must be https (http only to a loopback address)")
        }
    }
}
