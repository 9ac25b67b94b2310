/// One workload as an AI client sees it: the entry HiveKeep writes into the client's configuration file.
///
/// `bearerToken` is the workload proxy's token; it is written as an `Authorization: Bearer` header for clients
/// whose entries carry headers, and it never appears in the entry's description.
public struct ClientWorkloadEntry: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// How the client talks to the workload's proxy.
    public enum Transport: String, Sendable, Hashable {
        case sse
        case streamableHTTP = "streamable-http"
    }

    /// The workload's name: the key (or `name`) of the entry.
    public var name: String
    /// The URL of the workload's MCP endpoint.
    public var url: String
    /// The protocol the client speaks to `url`. For a stdio server this is the proxy mode, so a stdio workload
    /// behind an SSE proxy is written as SSE (the reference writes `http` there, with an `/sse` URL).
    public var transport: Transport
    /// The token the workload's proxy expects, or nil to write no `Authorization` header.
    public var bearerToken: String?

    public init(name: String, url: String, transport: Transport, bearerToken: String? = nil) {
        self.name = name
        self.url = url
        self.transport = transport
        self.bearerToken = bearerToken
    }

    public var description: String {
        "\(name) \(url) (\(transport.rawValue)\(bearerToken == nil ? "" : ", bearer token redacted"))"
    }

    public var debugDescription: String { description }
}
