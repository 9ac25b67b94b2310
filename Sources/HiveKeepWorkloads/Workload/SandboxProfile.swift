import HiveKeepCore
import HiveKeepRuntime

/// The sandbox a permission profile asks for. Create and edit check a profile with it, and the runner builds its
/// sandbox with it, so a path accepted at create is one the runner binds (it never drops one).
public enum SandboxProfile {
    /// The profile's read and write entries (`/path`, or `/path:/path` as volumes are stored) as host paths, each
    /// checked by ``SandboxPolicy/validate()``, and network isolation when `isolateNetwork`.
    /// - Throws: a 400 (`.invalidArgument`) naming the first entry that cannot be bound.
    public static func policy(for profile: PermissionProfile?, isolateNetwork: Bool) throws -> SandboxPolicy {
        let policy = SandboxPolicy(
            isolateNetwork: isolateNetwork, readPaths: try hostPaths(profile?.read, kind: "read"),
            writePaths: try hostPaths(profile?.write, kind: "write"))
        try policy.validate()
        return policy
    }

    private static func hostPaths(_ entries: [String]?, kind: String) throws -> [String] {
        try (entries ?? []).map { entry in
            do {
                return try VolumeMount(parsing: entry).hostPath
            } catch {
                throw HiveKeepError.invalid(
                    "permission profile \(kind) path '\(entry)' is invalid: use an absolute path, bound at the same "
                        + "place in the sandbox")
            }
        }
    }
}
