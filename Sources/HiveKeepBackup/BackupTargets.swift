import Foundation
import HiveKeepCore
import HiveKeepStore
import HiveKeepWorkloads

#if canImport(Glibc)
    import Glibc
#endif

/// Where a restore writes, checked before it writes: it never writes through a symbolic link.
///
/// A restore runs with the user's rights (often root's, under `--system`). A link planted where a carried file or
/// one of its directories goes (`state/runconfigs -> /etc`, `config.yaml -> /etc/shadow`) would send the write, or
/// the copy kept for the rollback, somewhere else; so such a target is refused and nothing is written. The three
/// root directories themselves may be links (an operator's choice of where the installation lives).
enum BackupTargets {
    /// The paths a restore of `files` (and of the statuses of `workloads`) would write through that are links.
    static func links(
        _ files: [BackupManifest.File], workloads: [BackupManifest.Workload], in paths: HiveKeepPaths
    ) -> [String] {
        var candidates: [String] = []
        for file in files {
            let root = BackupLayout.directory(file.root, in: paths)
            let parts = file.path.split(separator: "/")
            if parts.count == 2 { candidates.append(root + "/" + parts[0]) }
            candidates.append(root + "/" + file.path)
        }
        let statuses = StatusStore(paths: paths).directory
        if !workloads.isEmpty { candidates.append(statuses) }
        candidates += workloads.map { statuses + "/\($0.name).json" }
        var seen: Set<String> = []
        return candidates.filter { seen.insert($0).inserted && isLink($0) }
    }

    /// Refuses, with what to do, when ``links(_:workloads:in:)`` finds any.
    static func checkNoLinks(
        _ files: [BackupManifest.File], workloads: [BackupManifest.Workload], in paths: HiveKeepPaths
    ) throws {
        let found = links(files, workloads: workloads, in: paths)
        guard !found.isEmpty else { return }
        throw HiveKeepError.invalid(
            "restore does not write through symbolic links, and these are links: "
                + found.prefix(3).joined(separator: ", ") + (found.count > 3 ? ", ..." : "")
                + "; remove them (or restore into another installation) and restore again")
    }

    private static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }
}
