import HiveKeepCore

/// What a workload's sandbox allows. With `isEnabled` the child runs under bubblewrap, all or nothing: the whole
/// file system read-only, `writePaths` read-write, `readPaths` read-only, a private /tmp, and no network but an
/// isolated loopback when `isolateNetwork`.
public struct SandboxPolicy: Sendable, Hashable {
    /// No network: only a loopback interface of the sandbox's own.
    public var isolateNetwork: Bool
    /// Host paths bound read-only at the same place (absolute).
    public var readPaths: [String]
    /// Host paths bound read-write at the same place (absolute).
    public var writePaths: [String]

    /// Creates a policy.
    public init(isolateNetwork: Bool = false, readPaths: [String] = [], writePaths: [String] = []) {
        self.isolateNetwork = isolateNetwork
        self.readPaths = readPaths
        self.writePaths = writePaths
    }

    /// No sandbox.
    public static let none = SandboxPolicy()

    /// True when the child must run under bubblewrap: network isolation or any profile path.
    public var isEnabled: Bool { isolateNetwork || !readPaths.isEmpty || !writePaths.isEmpty }

    /// Checks that every path is absolute and normalised (no `..`, no NUL, not `/` itself).
    /// - Throws: `HiveKeepError` (`.invalidArgument`) naming the bad path.
    public func validate() throws {
        for path in readPaths + writePaths {
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
