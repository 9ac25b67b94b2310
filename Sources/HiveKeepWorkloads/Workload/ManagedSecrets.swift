import Foundation
import HiveKeepCore
import HiveKeepStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The secrets HiveKeep created in the provider for a workload (the values of registry-marked secret variables, named
/// `<workload>-<variable>`): `<state>/workload-secrets/<name>.json`, a sorted JSON array of keys, 0600.
///
/// Only these are removed with the workload. A secret the user created is never listed here, even when a workload
/// references it under the same name: HiveKeep refuses to store over a secret it did not create for the workload.
struct ManagedSecrets: Sendable {
    let directory: String

    init(paths: HiveKeepPaths) {
        directory = paths.stateDirectory + "/workload-secrets"
    }

    func path(of name: String) -> String { "\(directory)/\(name).json" }

    /// The keys HiveKeep created for `name`; empty when none (or when the record is unreadable).
    func keys(of name: String) -> [String] {
        guard let bytes = try? FileSystem.readFile(path(of: name)),
            let keys = try? JSONDecoder().decode([String].self, from: Data(bytes))
        else { return [] }
        return keys
    }

    /// Records `keys` as those HiveKeep created for `name`; an empty list removes the record.
    func set(_ keys: [String], for name: String) throws {
        let unique = Array(Set(keys)).sorted()
        guard !unique.isEmpty else {
            remove(name)
            return
        }
        try FileSystem.createDirectory(directory, mode: 0o700)
        try AtomicFile.write(Array(try JSONEncoder().encode(unique)), to: path(of: name), mode: 0o600)
    }

    /// Forgets the record of `name`.
    func remove(_ name: String) {
        unlink(path(of: name))
    }
}
