import Foundation
import HiveKeepContainers
import HiveKeepCore

/// The bind mounts of a container workload: its permission profile's read and write paths (each bound at the same
/// path inside, read-only or writable) and its `volumes` (`/host[:/container][:ro]`). Every host path must be an
/// absolute path without `.` or `..` that exists on the host, and never `/` itself; every container path absolute.
public enum ContainerMounts {
    /// The mounts of `config`, validated; the create and edit requests are checked with the same function the
    /// runner builds the container with, so an accepted path is one the runner binds.
    /// - Throws: a 400 naming the first entry that is not a bindable path.
    public static func mounts(for config: RunConfig) throws -> [ContainerSpec.Mount] {
        var mounts: [ContainerSpec.Mount] = []
        for entry in config.permissionProfile?.read ?? [] {
            mounts.append(try mount(entry, readOnly: true, what: "permission profile read path"))
        }
        for entry in config.permissionProfile?.write ?? [] {
            mounts.append(try mount(entry, readOnly: false, what: "permission profile write path"))
        }
        for volume in config.volumes {
            var text = volume
            var readOnly = false
            if text.hasSuffix(":ro") {
                readOnly = true
                text.removeLast(3)
            } else if text.hasSuffix(":rw") {
                text.removeLast(3)
            }
            mounts.append(try mount(text, readOnly: readOnly, what: "volume"))
        }
        return mounts
    }

    private static func mount(_ entry: String, readOnly: Bool, what: String) throws -> ContainerSpec.Mount {
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), let host = parts.first else {
            throw HiveKeepError.invalid("invalid \(what) '\(entry)': use /host/path[:/container/path][:ro]")
        }
        let target = parts.count == 2 ? parts[1] : host
        for path in [host, target] {
            let components = path.split(separator: "/")
            guard path.hasPrefix("/"), !components.isEmpty, !components.contains(".."), !components.contains("."),
                !path.contains("\0")
            else {
                throw HiveKeepError.invalid(
                    "invalid \(what) '\(entry)': '\(path)' must be an absolute path below / without '.' or '..'")
            }
        }
        guard FileManager.default.fileExists(atPath: host) else {
            throw HiveKeepError.invalid("invalid \(what) '\(entry)': the host path \(host) does not exist")
        }
        return ContainerSpec.Mount(source: host, target: target, readOnly: readOnly)
    }
}
