import HiveKeepStore

/// Where a workload's files live besides its run configuration and status.
public struct WorkloadPaths: Sendable {
    public let paths: HiveKeepPaths

    public init(_ paths: HiveKeepPaths) { self.paths = paths }

    /// `<data>/logs`.
    public var logsDirectory: String { paths.dataDirectory + "/logs" }
    /// The runner's own log (the proxy log): `<data>/logs/<name>.log`.
    public func proxyLog(_ name: String) -> String { "\(logsDirectory)/\(name).log" }
    /// The MCP server's standard error (the workload log): `<data>/logs/<name>.server.log`.
    public func serverLog(_ name: String) -> String { "\(logsDirectory)/\(name).server.log" }
    /// Installed packages (`uvx://`), shared by workloads: `<data>/tools`.
    public var toolsDirectory: String { paths.dataDirectory + "/tools" }
}
