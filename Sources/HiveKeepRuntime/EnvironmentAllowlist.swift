import HiveKeepCore

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

/// Variables that change how the dynamic loader and the C library load code or data (`LD_*`, `GCONV_PATH`,
/// `GLIBC_TUNABLES` and the rest of glibc's list of variables it ignores for setuid programs). A workload may set
/// them only when an admin allows it (`allow_loader_env`), and then they reach only the sandboxed server.
public enum LoaderVariables {
    /// Names refused as they are.
    public static let names: Set<String> = [
        "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH", "MALLOC_TRACE",
        "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TZDIR",
    ]

    /// True for a loader variable: a name above or any name starting with `LD_`.
    public static func contains(_ name: String) -> Bool {
        name.hasPrefix("LD_") || names.contains(name)
    }

    /// Throws a 400 naming the loader variables among `names`, if any.
    public static func refuse(_ names: [String]) throws {
        let found = Set(names.filter(contains)).sorted()
        guard !found.isEmpty else { return }
        throw HiveKeepError.invalid(
            "env_vars sets loader variables (\(found.joined(separator: ", "))): these change what code a process "
                + "loads and are refused unless an admin allows them for this workload (allow_loader_env)")
    }
}
