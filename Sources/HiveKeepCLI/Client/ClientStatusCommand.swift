import ArgumentParser
import Foundation
import HiveKeepWorkloads

/// `hivekeep client status`: every supported client, installed or not, registered or not.
struct ClientStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show which supported clients are installed and registered.")

    @Flag(help: "Print JSON, in the shape of GET /api/v1beta/discovery/clients.")
    var json = false

    struct Entry: Encodable {
        var clientType: String
        var installed: Bool
        var registered: Bool
        enum CodingKeys: String, CodingKey {
            case clientType = "client_type"
            case installed
            case registered
        }
    }

    func run() async throws {
        let statuses = try await CLIEnvironment().clientService().discover()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let clients = statuses.map {
                Entry(clientType: $0.client.rawValue, installed: $0.installed, registered: $0.registered)
            }
            print(String(decoding: try encoder.encode(["clients": clients]), as: UTF8.self))
            return
        }
        for status in statuses {
            let installed = status.installed ? "installed" : "not installed"
            print("\(status.client.rawValue)\t\(installed)\t\(status.registered ? "registered" : "-")")
        }
    }
}
