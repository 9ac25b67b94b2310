import HiveKeepCore

/// What a workload's sandbox allows. An enabled policy runs the child under bubblewrap with only what it lists
/// mounted (``SandboxMounts``): the system's program and library directories and a few `/etc` files read-only,
/// `programPaths` and `readPaths` read-only, `writePaths` read-write, a private `/tmp` and an empty private `HOME`.
/// With `isolateNetwork` the child has a network namespace of its own with only a loopback (no host port and no
/// abstract Unix socket of the host is reachable); without it, with `pasta` set, a namespace of its own connected
/// to the outside by ``SandboxNetwork``; without either, the host's network namespace.
public struct SandboxPolicy: Sendable, Hashable {
    /// False: no sandbox at all (an admin's explicit opt-out, or a test).
    public var isEnabled: Bool
    /// No network: only a loopback interface of the sandbox's own.
    public var isolateNetwork: Bool
    /// Host paths bound read-only at the same place (absolute): the permission profile's read entries.
    public var readPaths: [String]
    /// Host paths bound read-write at the same place (absolute): the permission profile's write entries.
    public var writePaths: [String]
    /// Host paths the program itself needs, bound read-only: its own directory, an installed tool's directory and
    /// the interpreter it runs on when that lives outside `/usr`.
    public var programPaths: [String]
    /// `pasta`'s path: without `isolateNetwork` the sandbox still gets a network namespace of its own, connected
    /// by ``SandboxNetwork``. nil (without isolation) shares the host's network namespace.
    public var pasta: String?

    /// Creates an enabled policy.
    public init(
        isolateNetwork: Bool = false, readPaths: [String] = [], writePaths: [String] = [], programPaths: [String] = []
    ) {
        self.isEnabled = true
        self.isolateNetwork = isolateNetwork
        self.readPaths = readPaths
        self.writePaths = writePaths
        self.programPaths = programPaths
    }

    /// No sandbox.
    public static let none: SandboxPolicy = {
        var policy = SandboxPolicy()
        policy.isEnabled = false
        return policy
    }()

    /// Checks that every path is absolute and normalised (no `..`, no NUL, not `/` itself).
    /// - Throws: `HiveKeepError` (`.invalidArgument`) naming the bad path.
    public func validate() throws {
        for path in readPaths + writePaths + programPaths {
            let parts = path.split(separator: "/")
            guard path.hasPrefix("/"), !parts.isEmpty, !parts.contains(".."), !parts.contains("."),
                !path.contains("\0")
            else {
                throw HiveKeepError.invalid(
                    "permission profile path '\(path)' must be an absolute path below / without '.' or '..'")
            }
        }
    }

    /// Rejects outbound network rules HiveKeep cannot enforce yet (there is no egress proxy): a profile that
    /// allows only some hosts or ports. `insecureAllowAll` (full network) and no rules at all are accepted.
    /// - Throws: `HiveKeepError` (`.invalidArgument`, a 400) with a message naming the rules.
    public static func checkOutboundRules(allowHosts: [String], allowPorts: [Int], insecureAllowAll: Bool) throws {
        guard !insecureAllowAll, !(allowHosts.isEmpty && allowPorts.isEmpty) else { return }
        var rules: [String] = []
        if !allowHosts.isEmpty { rules.append("allow_host \(allowHosts.joined(separator: ", "))") }
        if !allowPorts.isEmpty { rules.append("allow_port \(allowPorts.map(String.init).joined(separator: ", "))") }
        throw HiveKeepError.invalid(
            "permission profile outbound rules (\(rules.joined(separator: "; "))) are not supported: HiveKeep has "
                + "no egress proxy yet. Use network_isolation for no network, or outbound insecure_allow_all")
    }
}
