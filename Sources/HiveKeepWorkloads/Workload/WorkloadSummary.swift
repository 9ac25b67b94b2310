import Foundation
import HiveKeepCore

/// A workload as lists show it (the reference's `core.Workload`).
public struct WorkloadSummary: Codable, Sendable, Hashable {
    public var name: String
    public var package: String
    public var url: String
    public var port: Int
    public var transportType: String
    public var proxyMode: String?
    public var status: WorkloadStatus
    public var statusContext: String?
    public var createdAt: Date
    public var labels: [String: String]?
    public var group: String?
    public var tools: [String]?
    public var remote: Bool?

    enum CodingKeys: String, CodingKey {
        case name, package, url, port
        case transportType = "transport_type"
        case proxyMode = "proxy_mode"
        case status
        case statusContext = "status_context"
        case createdAt = "created_at"
        case labels, group, tools, remote
    }

    /// The summary of `config` in `record`'s status.
    public init(config: RunConfig, record: StatusRecord) {
        name = config.name
        let isRemote = !(config.remoteURL ?? "").isEmpty
        package = isRemote ? "remote" : config.image
        port = config.port
        url = WorkloadURL.make(config: config)
        transportType = config.transport
        proxyMode = config.transport == "stdio" ? (config.proxyMode ?? "streamable-http") : config.transport
        status = record.status
        statusContext = record.statusContext.flatMap { $0.isEmpty ? nil : $0 }
        createdAt = record.createdAt
        let user = config.containerLabels.filter { !WorkloadURL.standardLabels.contains($0.key) }
        labels = user.isEmpty ? nil : user
        group = config.group
        remote = isRemote ? true : nil
    }

    /// The summary of a workload whose saved configuration cannot be read: status `error`, saying so.
    public init(unreadable name: String, record: StatusRecord) {
        self.name = name
        package = ""
        url = ""
        port = record.port ?? 0
        transportType = ""
        status = .error
        statusContext = "the run configuration cannot be read; delete the workload and create it again"
        createdAt = record.createdAt
    }
}

/// Where MCP clients reach a workload through its proxy (the reference's `GenerateMCPServerURL`).
public enum WorkloadURL {
    /// Labels HiveKeep sets itself and lists leave out.
    static let standardLabels: Set<String> = [
        "toolhive", "toolhive-name", "toolhive-basename", "toolhive-transport", "toolhive-port",
        "toolhive-network-isolation",
    ]

    /// `http://HOST:PORT/mcp`, `http://HOST:PORT/sse#NAME`, or the remote URL's path on the proxy, where HOST is
    /// the host the workload's proxy binds (`127.0.0.1`, `localhost`, or `[::1]`).
    public static func make(config: RunConfig) -> String {
        let base = "http://\(urlHost(config.host)):\(config.port)"
        let fragment = "#" + (config.name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? config.name)
        if let remote = config.remoteURL, !remote.isEmpty {
            var path = URL(string: remote)?.path ?? ""
            if path == "/" { path = "" }
            return base + path + (config.transport == "sse" ? fragment : "")
        }
        switch config.transport {
        case "sse": return base + "/sse" + fragment
        case "streamable-http": return base + "/mcp"
        default: return config.proxyMode == "sse" ? base + "/sse" + fragment : base + "/mcp"
        }
    }

    /// `host` as a URL's authority writes it: an IPv6 address in brackets, an empty host as `127.0.0.1`.
    static func urlHost(_ host: String) -> String {
        if host.isEmpty { return "127.0.0.1" }
        if host.contains(":"), !host.hasPrefix("[") { return "[\(host)]" }
        return host
    }
}
