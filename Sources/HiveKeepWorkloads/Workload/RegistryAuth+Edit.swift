import HiveKeepCore
import HiveKeepStore
import Synchronization

/// Changing `container_runtime.registry_auth` (`hivekeep registry-login` / `registry-logout`): one entry added,
/// replaced or removed under config.yaml's lock, everything else in the file and the section kept as written.
extension RegistryAuth {
    /// Adds the entry for `entry.registry`, or replaces the one there; returns whether one was replaced.
    /// - Throws: a 400-class error, changing nothing, when the entry is malformed or the setting already in the file
    ///   is (fix that first: HiveKeep does not guess what a broken entry meant).
    @discardableResult
    public static func login(_ entry: Entry, paths: HiveKeepPaths) async throws -> Bool {
        let given = try Self.entry(Self.value(of: entry), at: "registry credentials for \(entry.registry)")
        let replaced = Mutex(false)
        try await ConfigStore(path: paths.configFile).update { config in
            var entries = try RegistryAuth(containerRuntime: config.containerRuntime).entries
            replaced.withLock { $0 = entries.contains { $0.registry == given.registry } }
            entries.removeAll { $0.registry == given.registry }
            entries.append(given)
            config.containerRuntime = Self.section(config.containerRuntime, with: entries)
        }
        return replaced.withLock { $0 }
    }

    /// Removes the entry for `registry`; returns whether there was one (the secret itself is left alone).
    @discardableResult
    public static func logout(registry: String, paths: HiveKeepPaths) async throws -> Bool {
        guard ImageReference.isRegistry(registry) else {
            throw HiveKeepError.invalid("'\(registry)' is not a registry host: give host[:port], e.g. ghcr.io")
        }
        let host = normalize(registry)
        let removed = Mutex(false)
        try await ConfigStore(path: paths.configFile).update { config in
            var entries = try RegistryAuth(containerRuntime: config.containerRuntime).entries
            let found = entries.contains { $0.registry == host }
            removed.withLock { $0 = found }
            guard found else { return }
            entries.removeAll { $0.registry == host }
            config.containerRuntime = Self.section(config.containerRuntime, with: entries)
        }
        return removed.withLock { $0 }
    }

    /// `section` with its `registry_auth` replaced by `entries` (the key dropped when none are left, the section
    /// when nothing is left in it).
    static func section(_ section: JSONValue?, with entries: [Entry]) -> JSONValue? {
        var members = section?.objectValue ?? [:]
        members["registry_auth"] = entries.isEmpty ? nil : .array(entries.map(Self.value(of:)))
        return members.isEmpty ? nil : .object(members)
    }

    static func value(of entry: Entry) -> JSONValue {
        .object([
            "registry": .string(entry.registry), "username": .string(entry.username),
            "password_secret": .string(entry.passwordSecret),
        ])
    }
}
