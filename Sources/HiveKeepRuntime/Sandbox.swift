import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command under bubblewrap according to a ``SandboxPolicy``.
///
/// bwrap itself starts with a fixed, minimal environment (``bubblewrapEnvironment``): nothing of the workload's
/// variables reaches it, so a loader variable such as `LD_PRELOAD` cannot run code in bwrap before the sandbox
/// exists. The server's environment (plain variables and secrets) travels as `--clearenv` and `--setenv` arguments
/// read by bwrap from a memory file descriptor (`--args FD`, see ``SandboxArguments``), never on a command line
/// (/proc/PID/cmdline is world-readable) and never in bwrap's own environment. bwrap runs without
/// `--new-session` so that signals to the runner's process group still reach the sandboxed server (the runner has
/// no terminal, so TIOCSTI is moot); `--die-with-parent` ends the sandbox with its parent.
public enum Sandbox {
    /// The descriptor number bwrap reads its further arguments from.
    public static let argumentsDescriptor: Int32 = 3

    /// bwrap's own environment: a fixed PATH and nothing else.
    public static let bubblewrapEnvironment = ["PATH": "/usr/bin:/bin"]

    /// `command` wrapped in bubblewrap for `policy`, with `environment` moved into the sandbox; `command` and
    /// `environment` as they are when the policy is not enabled.
    ///
    /// Mounts, in order: the system part (``SandboxMounts``), then the program's paths and the profile's paths from
    /// the shallowest to the deepest (so a nested path keeps its own mode), read-write paths after read-only ones of
    /// the same depth. The returned command inherits its arguments descriptor (``PreparedCommand/inheritedDescriptors``):
    /// spawn it with those descriptors mapped.
    /// - Throws: `HiveKeepError` when the memory file for the arguments cannot be made.
    public static func wrap(
        _ command: PreparedCommand, environment: ChildEnvironment, policy: SandboxPolicy, bubblewrap: String
    ) throws -> (command: PreparedCommand, environment: ChildEnvironment) {
        guard policy.isEnabled else { return (command, environment) }
        var arguments = ["--unshare-all", "--die-with-parent"]
        let connected = !policy.isolateNetwork && policy.pasta != nil
        if !policy.isolateNetwork && !connected { arguments.append("--share-net") }
        arguments += mountArguments(policy)
        let command = connected ? SandboxNetwork.awaitingNetwork(command) : command
        let passed = try SandboxArguments.make(["--clearenv"], environment: environment, overriding: sandboxVariables)
        arguments += ["--args", String(argumentsDescriptor), "--", command.executable] + command.arguments
        var wrapped = PreparedCommand(executable: bubblewrap, arguments: arguments)
        wrapped.inheritedDescriptors = [argumentsDescriptor: passed.descriptor]
        let outer = try ChildEnvironment(parent: [:], allowlist: .standard, variables: bubblewrapEnvironment)
        return (wrapped, outer)
    }

    /// Variables the sandbox sets whatever the parent had: its private home and `/tmp`.
    static let sandboxVariables = ["HOME": SandboxMounts.home, "TMPDIR": "/tmp"]

    /// The mount arguments of `policy` (without the namespaces and the command), for tests and logs.
    public static func mountArguments(_ policy: SandboxPolicy) -> [String] {
        var arguments = SandboxMounts.systemArguments()
        let binds =
            (policy.programPaths + policy.readPaths).map { (path: $0, writable: false) }
            + policy.writePaths.map { (path: $0, writable: true) }
        let ordered = binds.enumerated().sorted { left, right in
            let (l, r) = (depth(left.element.path), depth(right.element.path))
            if l != r { return l < r }
            if left.element.writable != right.element.writable { return !left.element.writable }
            return left.offset < right.offset
        }
        for bind in ordered.map(\.element) {
            arguments += [bind.writable ? "--bind" : "--ro-bind", bind.path, bind.path]
        }
        return arguments + SandboxMounts.finalArguments
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
            "the workload runs in a sandbox but bubblewrap (bwrap) is not installed"
                + "\(explicit.map { " at \($0)" } ?? ""): install the bubblewrap package")
    }

    private static func depth(_ path: String) -> Int { path.split(separator: "/").count }
}
