import HiveKeepAuth
import HiveKeepStore

/// Where the bearer tokens written into client entries come from: each workload proxy's token file
/// (`TokenFile.proxyToken(paths:workload:)`), created when missing, so the entry and the proxy agree.
public struct ClientProxyTokens: Sendable {
    public let paths: HiveKeepPaths

    public init(paths: HiveKeepPaths) { self.paths = paths }

    /// The proxy token of workload `name`. Blocking.
    public func token(for name: String) throws -> String {
        try TokenFile.proxyToken(paths: paths, workload: name).ensure()
    }

    /// `entry` with its workload's proxy token.
    func authenticated(_ entry: ClientWorkloadEntry) throws -> ClientWorkloadEntry {
        var entry = entry
        entry.bearerToken = try token(for: entry.name)
        return entry
    }
}
