import Foundation
import HiveKeepCore

/// The ToolHive members a publisher adds under
/// `_meta["io.modelcontextprotocol.registry/publisher-provided"]["io.github.stacklok"][<image or URL>]`.
/// Every member is optional, and a member of the wrong type is ignored rather than failing the whole entry.
struct StacklokExtensions: Decodable, Sendable {
    var tools: [String]?
    var tier: String?
    var status: String?
    var tags: [String]?
    var metadata: ServerMetadata?
    var permissions: PermissionProfile?
    var args: [String]?
    var customMetadata: [String: JSONValue]?
    var dockerTags: [String]?
    var provenance: JSONValue?
    var proxyPort: Int?
    var oauthConfig: JSONValue?

    static let publisherProvided = "io.modelcontextprotocol.registry/publisher-provided"
    static let namespace = "io.github.stacklok"

    enum CodingKeys: String, CodingKey {
        case tools, tier, status, tags, metadata, permissions, args, provenance
        case customMetadata = "custom_metadata"
        case dockerTags = "docker_tags"
        case proxyPort = "proxy_port"
        case oauthConfig = "oauth_config"
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tools = try? container.decodeIfPresent([String].self, forKey: .tools)
        tier = try? container.decodeIfPresent(String.self, forKey: .tier)
        status = try? container.decodeIfPresent(String.self, forKey: .status)
        tags = try? container.decodeIfPresent([String].self, forKey: .tags)
        metadata = try? container.decodeIfPresent(ServerMetadata.self, forKey: .metadata)
        permissions = try? container.decodeIfPresent(PermissionProfile.self, forKey: .permissions)
        args = try? container.decodeIfPresent([String].self, forKey: .args)
        customMetadata = try? container.decodeIfPresent([String: JSONValue].self, forKey: .customMetadata)
        dockerTags = try? container.decodeIfPresent([String].self, forKey: .dockerTags)
        provenance = try? container.decodeIfPresent(JSONValue.self, forKey: .provenance)
        proxyPort = try? container.decodeIfPresent(Int.self, forKey: .proxyPort)
        oauthConfig = try? container.decodeIfPresent(JSONValue.self, forKey: .oauthConfig)
    }

    /// The extensions for `key` (the image or remote URL) in `meta`; when the namespace holds a single entry under
    /// another key, that entry. Empty when there are none.
    static func find(in meta: [String: JSONValue]?, key: String) -> StacklokExtensions {
        guard case .object(let provided) = meta?[publisherProvided],
            case .object(let entries) = provided[namespace]
        else { return StacklokExtensions() }
        guard let value = entries[key] ?? (entries.count == 1 ? entries.values.first : nil),
            let data = try? JSONEncoder().encode(value),
            let extensions = try? JSONDecoder().decode(StacklokExtensions.self, from: data)
        else { return StacklokExtensions() }
        return extensions
    }
}
