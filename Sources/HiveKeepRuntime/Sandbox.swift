import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command under bubblewrap according to a ``SandboxPolicy``.
///
/// The child gets its environment through envp (bwrap passes its own environment on); nothing is put on the
/// command line with `--setenv`, since /proc/PID/cmdline is world-readable. bwrap runs without `--new-session` so
/// that signals to the runner's process group still reach the sandboxed server (the runner has no terminal, so
/// TIOCSTI is moot); `--die-with-parent` ends the sandbox with its parent.
public enum Sandbox {
    /// `command` wrapped in `bubblewrap` for `policy`; `command` itself when the policy is not enabled.
    ///
    /// Mounts: `/` read-only, `/dev`, `/proc`, a private `/tmp`, then the profile's paths from the shallowest to the
    /// deepest (so a nested path keeps its own mode), read-write paths after read-only ones of the same depth.
    public static func wrap(_ command: PreparedCommand, policy: SandboxPolicy, bubblewrap: String) -> PreparedCommand {
        guard policy.isEnabled else { return command }
        var arguments = ["--unshare-all", "--die-with-parent"]
        if !policy.isolateNetwork { arguments.append("--share-net") }
        arguments += ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
        let binds =
            policy.readPaths.map { (path: $0, writable: false) } + policy.writePaths.map { (path: $0, writable: true) }
        let ordered = binds.enumerated().sorted { left, right in
            let (l, r) = (depth(left.element.path), depth(right.element.path))
            if l != r { return l < r }
            if left.element.writable != right.element.writable { return !left.element.writable }
            return left.offset < right.offset
        }
        for bind in ordered.map(\.element) {
            arguments += [bind.writable ? "--bind" : "--ro-bind", bind.path, bind.path]
        }
        arguments += ["--", command.executable] + command.arguments
        return PreparedCommand(executable: bubblewrap, arguments: arguments)
    }

    /// The absolute path of `bwrap`: `explicit` when given, else the first `bwrap` on `environment["PATH"]`.
    /// - Throws: `HiveKeepError` (`.unavailable`) saying that bubblewrap must be installed.
    public static func locateBubblewrap(explicit: String? = nil, environment: [String: String]) throws -> String {
        let candidates =
            explicit.map { [$0] }
            ?? (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map { "\($0)/bwrap" }
        if let found = candidates.first(where: { access($0, X_OK) == 0 }) { return found }
        throw HiveKeepError(
            .unavailable,
            "the workload needs a sandbox (network_isolation or permission profile paths) but bubblewrap (bwrap) "
                + "is not installed\(explicit.map { " at \($0)" } ?? ""): install the bubblewrap package")
    }

    private static func depth(_ path: String) -> Int { path.split(separator: "/").count }
}
