import HiveKeepRegistry
import Hummingbird

extension RegistryController {
    /// A registry's summary as the reference sends it.
    struct RegistryInfo: Encodable {
        var name: String
        var version: String
        var lastUpdated: String
        var serverCount: Int
        var type: String
        var source: String

        init(_ summary: RegistrySummary) {
            name = summary.name
            version = summary.version
            lastUpdated = summary.lastUpdated
            serverCount = summary.serverCount
            type = summary.type.rawValue
            source = summary.source
        }

        enum CodingKeys: String, CodingKey {
            case name, version, type, source
            case lastUpdated = "last_updated"
            case serverCount = "server_count"
        }
    }

    struct RegistryListResponse: ResponseEncodable {
        var registries: [RegistryInfo]
    }

    struct RegistryDetailsResponse: ResponseEncodable {
        var info: RegistryInfo
        var registry: RegistryDocument

        enum CodingKeys: String, CodingKey { case registry }

        func encode(to encoder: any Encoder) throws {
            try info.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(registry, forKey: .registry)
        }
    }

    struct UpdateRequest: Decodable {
        var url: String?
        var apiURL: String?
        var localPath: String?
        var allowPrivateIP: Bool?

        enum CodingKeys: String, CodingKey {
            case url
            case apiURL = "api_url"
            case localPath = "local_path"
            case allowPrivateIP = "allow_private_ip"
        }

        var update: RegistryUpdate {
            RegistryUpdate(url: url, apiURL: apiURL, localPath: localPath, allowPrivateIP: allowPrivateIP ?? false)
        }
    }

    struct UpdateResponse: ResponseEncodable {
        var message: String
        var type: String
    }

    /// Both lists, always arrays, sorted by name.
    struct ServerListResponse: ResponseEncodable {
        var servers: [ImageServer]
        var remoteServers: [RemoteServer]

        init(_ document: RegistryDocument) {
            servers = document.servers.values.sorted { $0.name < $1.name }
            remoteServers = document.remoteServers.values.sorted { $0.name < $1.name }
        }

        enum CodingKeys: String, CodingKey {
            case servers
            case remoteServers = "remote_servers"
        }
    }

    struct ServerDetailsResponse: ResponseEncodable {
        var server: ImageServer?
        var remoteServer: RemoteServer?
        var isRemote: Bool

        init(_ entry: RegistryEntry) {
            switch entry {
            case .image(let server): (self.server, isRemote) = (server, false)
            case .remote(let server): (remoteServer, isRemote) = (server, true)
            }
        }

        enum CodingKeys: String, CodingKey {
            case server
            case remoteServer = "remote_server"
            case isRemote = "is_remote"
        }
    }
}
