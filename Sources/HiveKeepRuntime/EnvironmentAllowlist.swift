/// Which of the parent's variables a workload's child may inherit. HiveKeep's own variables (`HIVEKEEP_*`,
/// `TOOLHIVE_*`, including `TOOLHIVE_SECRET_*` and the vault password variables) are never inherited, whatever the
/// list says.
public struct EnvironmentAllowlist: Sendable, Hashable {
    /// Names inherited as they are.
    public var names: Set<String>
    /// Prefixes inherited (`LC_`).
    public var prefixes: [String]

    /// Creates a list.
    public init(names: Set<String>, prefixes: [String]) {
        self.names = names
        self.prefixes = prefixes
    }

    /// PATH, HOME, LANG, LC_*, TZ, the user's identity and temporary directory, the uv and npm index and cache
    /// variables, the proxy variables (both cases) and the CA bundle variables.
    public static let standard = EnvironmentAllowlist(
        names: [
            "PATH", "HOME", "LANG", "LANGUAGE", "TZ", "USER", "LOGNAME", "TMPDIR",
            "UV_INDEX_URL", "UV_DEFAULT_INDEX", "UV_EXTRA_INDEX_URL", "UV_INDEX", "UV_CACHE_DIR",
            "UV_PYTHON_DOWNLOADS", "UV_NATIVE_TLS", "UV_OFFLINE",
            "NPM_CONFIG_REGISTRY", "npm_config_registry", "NPM_CONFIG_CACHE", "npm_config_cache",
            "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
            "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS",
        ],
        prefixes: ["LC_"])

    /// Prefixes that are never inherited.
    public static let deniedPrefixes = ["HIVEKEEP_", "TOOLHIVE_"]

    /// True when `name` may be inherited.
    public func allows(_ name: String) -> Bool {
        guard !Self.deniedPrefixes.contains(where: { name.hasPrefix($0) }) else { return false }
        return names.contains(name) || prefixes.contains { name.hasPrefix($0) }
    }

    /// The allowed part of `parent`.
    public func filter(_ parent: [String: String]) -> [String: String] {
        parent.filter { allows($0.key) }
    }
}
