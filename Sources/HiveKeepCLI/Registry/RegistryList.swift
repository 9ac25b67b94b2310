import ArgumentParser
import Foundation
import HiveKeepRegistry

/// `hivekeep registry list`: the servers of the registry in use.
struct RegistryList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registry's servers.")

    @Flag(help: "Print JSON (`servers` and `remote_servers`, both arrays).")
    var json = false

    struct Listing: Encodable {
        var servers: [ImageServer]
        var remoteServers: [RemoteServer]
        enum CodingKeys: String, CodingKey {
            case servers
            case remoteServers = "remote_servers"
        }
    }

    func run() async throws {
        let (summary, document) = try await CLIEnvironment().registryService().registry(named: "default")
        let servers = document.servers.values.sorted { $0.name < $1.name }
        let remote = document.remoteServers.values.sorted { $0.name < $1.name }
        if json {
            print(try CLIOutput.json(Listing(servers: servers, remoteServers: remote), pretty: true))
            return
        }
        let source = summary.source.isEmpty ? "built-in" : "\(summary.type.rawValue) \(summary.source)"
        print("Registry: \(source) (\(servers.count) servers, \(remote.count) remote)")
        for server in servers {
            print(Self.row(server.name, server.transport, server.tier, server.image))
        }
        for server in remote {
            print(Self.row(server.name, server.transport, server.tier, server.url))
        }
    }

    static func row(_ columns: String...) -> String {
        zip(columns, [32, 16, 10, 0]).map { text, width in
            width == 0 ? text : text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0)
        }.joined()
    }
}
