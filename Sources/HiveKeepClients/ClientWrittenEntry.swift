/// An entry as a client's file holds it, read back: what the client will use to reach a workload.
public struct ClientWrittenEntry: Sendable, Hashable {
    /// The endpoint: the entry's `url`, `serverUrl` (Windsurf, Antigravity) or `uri` (Goose).
    public var url: String?
    /// The entry's `headers` (the `Authorization` header carries a secret: do not log it).
    public var headers: [String: String]
    /// The entry's other scalar fields (`type`, `name`, …).
    public var fields: [String: String]

    init(_ tree: Canonical) {
        var fields: [String: String] = [:]
        var headers: [String: String] = [:]
        if case .object(let members) = tree {
            for (key, value) in members {
                if let text = value.scalarText { fields[key] = text }
            }
            if case .object(let pairs)? = tree["headers"] {
                for (key, value) in pairs { headers[key] = value.scalarText }
            }
        }
        self.url = fields["url"] ?? fields["serverUrl"] ?? fields["uri"]
        self.headers = headers
        self.fields = fields
    }
}
