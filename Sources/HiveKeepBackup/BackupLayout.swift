import Foundation
import HiveKeepStore

/// Which of an installation's files a backup carries, and the only paths a restore writes.
///
/// Carried: `config.yaml`, the active signing public key and the trust store (config); the vault, groups (with
/// their client registrations) and workload provenance (data); run configurations and the record of secrets
/// HiveKeep created for workloads (state). Not carried: logs, installed tools, workload statuses (rebuilt from the
/// manifest's `wanted` flags), the audit log, the API and proxy tokens (regenerated), the record of entries
/// written into AI-client files (those files belong to the old host).
public enum BackupLayout {
    /// Single files, by root.
    static let files: [(BackupManifest.Root, String)] = [
        (.config, "config.yaml"), (.config, "signing-public-key.pem"), (.data, "secrets.vault"),
    ]
    /// Directories whose `<name><suffix>` files are carried, by root.
    static let directories: [(BackupManifest.Root, String, String)] = [
        (.config, "trusted-keys", ".pem"), (.data, "groups", ".json"), (.data, "provenance", ".json"),
        (.state, "runconfigs", ".json"), (.state, "workload-secrets", ".json"),
    ]

    /// The directory of `root` in `paths`.
    static func directory(_ root: BackupManifest.Root, in paths: HiveKeepPaths) -> String {
        switch root {
        case .config: paths.configDirectory
        case .data: paths.dataDirectory
        case .state: paths.stateDirectory
        }
    }

    /// Whether a restore may write `path` under `root`: one of ``files``, or a plain name with the right suffix in
    /// one of ``directories`` (no `/` inside the name, no leading dot, no `..`).
    static func isAllowed(_ root: BackupManifest.Root, _ path: String) -> Bool {
        if files.contains(where: { $0.0 == root && $0.1 == path }) { return true }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let name = parts[1]
        return directories.contains { $0.0 == root && $0.1 == parts[0] && name.hasSuffix($0.2) }
            && name.count > 0 && !name.hasPrefix(".") && !name.contains("\0")
    }

    /// File mode on restore: 0600 for every file, public keys included (`hivekeep doctor` wants nothing in
    /// HiveKeep's directories readable by group or others; a public key loses nothing by being private).
    static func mode(of path: String) -> mode_t {
        0o600
    }

    /// The carried files present in the installation at `paths`, as (root, relative path), sorted.
    static func present(in paths: HiveKeepPaths) -> [(BackupManifest.Root, String)] {
        var found: [(BackupManifest.Root, String)] = []
        for (root, path) in files where FileManager.default.fileExists(atPath: directory(root, in: paths) + "/" + path)
        {
            found.append((root, path))
        }
        for (root, name, suffix) in directories {
            let directory = directory(root, in: paths) + "/" + name
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for entry in entries.sorted() where entry.hasSuffix(suffix) && isAllowed(root, name + "/" + entry) {
                found.append((root, name + "/" + entry))
            }
        }
        return found
    }
}
