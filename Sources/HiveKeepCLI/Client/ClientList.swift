import ArgumentParser
import Foundation
import HiveKeepClients
import HiveKeepWorkloads

/// `hivekeep client list`.
struct ClientList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List registered clients and their groups.")

    @Flag(help: "Print JSON, in the shape of GET /api/v1beta/clients.")
    var json = false

    struct Entry: Encodable {
        var name: String
        var groups: [String]
    }

    func run() async throws {
        let clients = try await CLIEnvironment().clientService().list()
        if json {
            print(try CLIOutput.json(clients.map { Entry(name: $0.name, groups: $0.groups) }))
            return
        }
        for client in clients {
            print(
                "\(client.name)\tgroups: \(client.groups.isEmpty ? "(global)" : client.groups.joined(separator: ", "))")
        }
    }
}
