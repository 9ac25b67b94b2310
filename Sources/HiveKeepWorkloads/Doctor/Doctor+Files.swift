import Foundation
import HiveKeepCore
import HiveKeepStore

#if canImport(Glibc)
    import Glibc
#endif

/// File checks: modes of HiveKeep's directories and files, temporary files left by killed writers, the API token.
extension Doctor {
    /// HiveKeep's three directories must be private (0700) and nothing in them readable by group or others (public
    /// keys, `.pem`, may be read, not written, by others: they are public and their directories are private anyway);
    /// temporary files of writers that are gone are reported.
    func fileChecks() -> [DoctorCheck] {
        let roots = [paths.configDirectory, paths.dataDirectory, paths.stateDirectory]
        var open: [String] = []
        var stale: [String] = []
        for root in roots {
            guard let mode = Self.mode(of: root) else { continue }
            if mode & 0o077 != 0 { open.append(root) }
            for relative in FileManager.default.subpaths(atPath: root) ?? [] {
                let path = root + "/" + relative
                // Public keys (the signing key's public half, trusted keys) may be readable, never writable.
                let allowed: mode_t = path.hasSuffix(".pem") ? 0o044 : 0
                if let mode = Self.mode(of: path), mode & 0o077 & ~allowed != 0 { open.append(path) }
                if Self.isAbandonedTemporary(path) { stale.append(path) }
            }
        }
        let modes =
            open.isEmpty
            ? DoctorCheck("file modes", .ok, "HiveKeep's directories and files are private to their owner")
            : DoctorCheck(
                "file modes", .fail,
                "open to group or others: " + Self.sample(open),
                advice: "chmod go-rwx the paths listed (directories 0700, files 0600)")
        let temporaries =
            stale.isEmpty
            ? DoctorCheck("temporary files", .ok, "no temporary files of interrupted writes")
            : DoctorCheck(
                "temporary files", .warn, "left by writers that were killed: " + Self.sample(stale),
                advice: "remove them; the files they were meant to replace are intact")
        return [modes, temporaries]
    }

    /// The API token file (`HIVEKEEP_API_TOKEN_FILE` or `<state>/api-token`): present, private, not empty.
    func apiTokenCheck() -> DoctorCheck {
        let explicit = environment["HIVEKEEP_API_TOKEN_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? paths.stateDirectory + "/api-token"
        guard let mode = Self.mode(of: path) else {
            return DoctorCheck(
                "api token", .warn, "no API token at \(path)",
                advice: "`hivekeep serve` creates one on first start; clients on TCP need it")
        }
        if mode & 0o077 != 0 {
            return DoctorCheck("api token", .fail, "\(path) is readable by others", advice: "chmod 600 \(path)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else {
            return DoctorCheck("api token", .fail, "\(path) is empty", advice: "remove it; serve creates a new one")
        }
        return DoctorCheck("api token", .ok, "API token present at \(path)")
    }

    static func mode(of path: String) -> mode_t? {
        var info = stat()
        // Regular files and directories only: a socket (the API's, 0660 on purpose) or a link says nothing.
        guard lstat(path, &info) == 0, [S_IFREG, S_IFDIR].contains(info.st_mode & S_IFMT) else { return nil }
        return info.st_mode & 0o777
    }

    /// `.<name>.<pid>.<n>.tmp` (``AtomicFile``'s temporaries) or `.restore-<pid>-<uuid>` (a restore's staging
    /// directory, holding a copy of the encrypted vault) whose writer is gone.
    static func isAbandonedTemporary(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        if name.hasPrefix(".restore-") {
            let parts = name.dropFirst(".restore-".count).split(separator: "-", maxSplits: 1)
            guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0 else { return false }
            return kill(pid, 0) == -1 && errno == ESRCH
        }
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return false }
        let parts = name.dropLast(4).split(separator: ".")
        guard parts.count >= 3, let pid = pid_t(parts[parts.count - 2]), pid > 0,
            UInt32(parts[parts.count - 1]) != nil
        else { return false }
        return kill(pid, 0) == -1 && errno == ESRCH
    }

    static func sample(_ paths: [String]) -> String {
        let shown = paths.prefix(5).joined(separator: ", ")
        return paths.count > 5 ? shown + " and \(paths.count - 5) more" : shown
    }
}
