import HiveKeepCore

/// One page of `GET /v0.1/servers` from an MCP Registry API: `{servers: [{server, _meta}], metadata: {nextCursor,
/// count}}`. Each item wraps the publisher's `server.json` with the registry's own metadata.
struct UpstreamServerList: Decodable, Sendable {
    var servers: [Item]
    var metadata: Metadata?

    /// One listed server version: the publisher's document and the registry's metadata about it.
    struct Item: Decodable, Sendable {
        var server: UpstreamServerJSON
        /// Registry metadata, for example `io.modelcontextprotocol.registry/official` with `status` and `isLatest`.
        var meta: [String: JSONValue]?

        enum CodingKeys: String, CodingKey {
            case server
            case meta = "_meta"
        }

        /// The official registry's metadata member `name`, when present.
        func official(_ name: String) -> JSONValue? {
            guard case .object(let official) = meta?["io.modelcontextprotocol.registry/official"] else { return nil }
            return official[name]
        }
    }

    /// Pagination: the cursor of the next page, empty or absent on the last page.
    struct Metadata: Decodable, Sendable {
        var nextCursor: String?
        var count: Int?
    }
}
