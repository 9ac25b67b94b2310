import HiveKeepAuth
import HiveKeepCore

/// The token every MCP client of a workload's proxy presents (`Authorization: Bearer TOKEN`).
extension WorkloadService {
    /// The proxy token of `name` (created when missing), or a new one when `rotate` is set. A new token takes effect
    /// in the running proxy within about a second; clients holding the old one are refused until they are given the
    /// new one (register them again).
    /// - Throws: 404 when there is no such workload.
    public func proxyToken(_ name: String, rotate: Bool = false) throws -> String {
        _ = try config(name)
        let file = TokenFile.proxyToken(paths: paths, workload: name)
        return rotate ? try file.rotate() : try file.ensure()
    }
}
