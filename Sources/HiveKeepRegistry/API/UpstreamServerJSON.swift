import HiveKeepCore

/// A publisher's `server.json` as the MCP Registry API serves it: the fields HiveKeep converts into a ToolHive
/// registry entry. Members not listed are ignored.
struct UpstreamServerJSON: Decodable, Sendable {
    /// The reverse-DNS name, for example `io.github.stacklok/fetch`.
    var name: String
    var description: String?
    var version: String?
    var repository: Repository?
    var packages: [Package]?
    var remotes: [Remote]?
    /// Publisher extensions, among them `io.modelcontextprotocol.registry/publisher-provided`.
    var meta: [String: JSONValue]?

    enum CodingKeys: String, CodingKey {
        case name, description, version, repository, packages, remotes
        case meta = "_meta"
    }

    /// Where the source code lives.
    struct Repository: Decodable, Sendable {
        var url: String?
    }

    /// A way to run the server locally: an npm, PyPI, OCI… package.
    struct Package: Decodable, Sendable {
        var registryType: String?
        var identifier: String?
        var version: String?
        var transport: Transport?
        var environmentVariables: [Input]?
    }

    /// How a package or remote is spoken to: `stdio`, `sse` or `streamable-http`, with a URL for the network ones.
    struct Transport: Decodable, Sendable {
        var type: String?
        var url: String?
    }

    /// A server reached over the network.
    struct Remote: Decodable, Sendable {
        var type: String?
        var url: String?
        var headers: [Input]?
    }

    /// An environment variable or header the server understands.
    struct Input: Decodable, Sendable {
        var name: String?
        var description: String?
        var isRequired: Bool?
        var isSecret: Bool?
        var `default`: String?
        var choices: [String]?
    }
}
