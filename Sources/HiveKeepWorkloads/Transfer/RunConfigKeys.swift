import HiveKeepCore

/// Matches the object keys of a run configuration case-insensitively, as Go's `encoding/json` does when ToolHive
/// reads one: an exact key wins, otherwise a key that differs only in case is renamed to the canonical one.
///
/// Only struct fields are matched; the keys of maps (`env_vars`, `container_labels`, `tools_override`, headers,
/// OAuth parameters) are data and stay as they are, and opaque sub-objects HiveKeep keeps verbatim (authorization,
/// audit, telemetry, middleware parameters) are left alone. `oidc_config` is read case-insensitively by its own
/// decoder. A `remote_auth_config` in ToolHive's legacy PascalCase form (it has a `ClientID` key) is renamed to the
/// current snake_case keys.
public enum RunConfigKeys {
    /// `document` with the keys of its known objects renamed to their canonical spelling.
    public static func normalize(_ document: JSONValue) -> JSONValue {
        guard case .object(var fields) = rename(document, to: topLevel) else { return document }
        if let auth = fields["remote_auth_config"], case .object(let members) = auth {
            let legacy = members["ClientID"] != nil
            fields["remote_auth_config"] = legacy ? .object(renameLegacy(members)) : rename(auth, to: remoteAuth)
        }
        if let profile = fields["permission_profile"] {
            fields["permission_profile"] = normalizeProfile(profile)
        }
        if let exchange = fields["token_exchange_config"] {
            fields["token_exchange_config"] = rename(exchange, to: tokenExchange)
        }
        if case .object(let overrides)? = fields["tools_override"] {
            fields["tools_override"] = .object(overrides.mapValues { rename($0, to: ["name", "description"]) })
        }
        if case .array(let middleware)? = fields["middleware_configs"] {
            fields["middleware_configs"] = .array(middleware.map { rename($0, to: ["type", "parameters"]) })
        }
        return .object(fields)
    }

    private static func normalizeProfile(_ profile: JSONValue) -> JSONValue {
        guard case .object(var fields) = rename(profile, to: ["name", "read", "write", "network", "privileged"]) else {
            return profile
        }
        guard case .object(var network)? = fields["network"].map({ rename($0, to: ["mode", "outbound", "inbound"]) })
        else { return .object(fields) }
        network["outbound"] = network["outbound"].map {
            rename($0, to: ["insecure_allow_all", "allow_host", "allow_port"])
        }
        network["inbound"] = network["inbound"].map { rename($0, to: ["allow_host"]) }
        fields["network"] = .object(network)
        return .object(fields)
    }

    /// Renames the keys of an object that match one of `canonical` but for case; other values are returned as is.
    static func rename(_ value: JSONValue, to canonical: [String]) -> JSONValue {
        guard case .object(let members) = value else { return value }
        var result = members
        for name in canonical where members[name] == nil {
            let lowered = name.lowercased()
            guard let variant = members.keys.sorted().first(where: { $0.lowercased() == lowered }) else { continue }
            result[name] = result.removeValue(forKey: variant)
        }
        return .object(result)
    }

    private static func renameLegacy(_ members: [String: JSONValue]) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, value) in members {
            result[legacyRemoteAuth[key] ?? key] = value
        }
        return result
    }

    static let topLevel = [
        "schema_version", "image", "remote_url", "remote_auth_config", "cmd_args", "name", "container_name",
        "base_name", "transport", "host", "port", "target_port", "target_host", "permission_profile_name_or_path",
        "permission_profile", "env_vars", "env_file_dir", "debug", "volumes", "container_labels", "oidc_config",
        "authz_config", "authz_config_path", "audit_config", "audit_config_path", "telemetry_config", "tools_filter",
        "tools_override", "token_exchange_config", "secrets", "k8s_pod_template_patch", "isolate_network",
        "trust_proxy_headers", "proxy_mode", "thv_ca_bundle", "jwks_auth_token_file", "group", "ignore_config",
        "middleware_configs", "endpoint_prefix",
    ]

    static let remoteAuth = [
        "client_id", "client_secret", "client_secret_file", "scopes", "skip_browser", "timeout", "callback_port",
        "use_pkce", "resource", "issuer", "authorize_url", "token_url", "headers", "env_vars", "oauth_params",
        "bearer_token", "bearer_token_file", "cached_refresh_token_ref", "cached_token_expiry", "grant_type",
    ]

    static let tokenExchange = [
        "token_url", "client_id", "client_secret", "audience", "scopes", "subject_token_type", "header_strategy",
        "external_token_header_name",
    ]

    /// ToolHive's legacy `remote_auth_config` field names (Go field names, no JSON tags) and their current keys.
    static let legacyRemoteAuth = [
        "ClientID": "client_id", "ClientSecret": "client_secret", "ClientSecretFile": "client_secret_file",
        "Scopes": "scopes", "SkipBrowser": "skip_browser", "Timeout": "timeout", "CallbackPort": "callback_port",
        "UsePKCE": "use_pkce", "Resource": "resource", "Issuer": "issuer", "AuthorizeURL": "authorize_url",
        "TokenURL": "token_url", "Headers": "headers", "EnvVars": "env_vars", "OAuthParams": "oauth_params",
        "BearerToken": "bearer_token", "BearerTokenFile": "bearer_token_file",
        "CachedRefreshTokenRef": "cached_refresh_token_ref", "CachedTokenExpiry": "cached_token_expiry",
    ]
}
