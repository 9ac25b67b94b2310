import HiveKeepCore

/// A volume `host:container[:ro]` (or a single absolute path). The process runtime binds a host path at the same
/// path inside its sandbox, so for process workloads the two paths must be equal.
public struct VolumeMount: Sendable, Hashable {
    public var hostPath: String
    public var sandboxPath: String
    public var readOnly: Bool

    public init(parsing text: String) throws {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        readOnly = parts.count > 1 && parts.last == "ro"
        if readOnly || parts.last == "rw" { parts.removeLast() }
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.hasPrefix("/") && !$0.contains("\0") }) else {
            throw HiveKeepError.invalid("invalid volume \(text): use /host/path[:/sandbox/path][:ro]")
        }
        hostPath = parts[0]
        sandboxPath = parts.count == 2 ? parts[1] : parts[0]
        guard hostPath == sandboxPath else {
            throw HiveKeepError.invalid(
                "invalid volume \(text): a process workload sees a host path at the same place; use /path[:ro]")
        }
    }

    /// The profile form: `host:sandbox`, or the path alone when both are the same.
    public var stored: String { hostPath == sandboxPath ? hostPath : "\(hostPath):\(sandboxPath)" }
}
