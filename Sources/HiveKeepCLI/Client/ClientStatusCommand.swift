import ArgumentParser
import Foundation
import HiveKeepClients
import HiveKeepWorkloads

/// `hivekeep client status`: every supported client, installed or not, registered or not.
struct ClientStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show which supported clients are installed and registered.")

    @Flag(help: "Print JSON, in the shape of GET /api/v1beta/discovery/clients.")
    var json = false

    func run() async throws {
        let statuses = try await CLIEnvironment().clientService().discover()
        if json {
            print(try CLIOutput.json(["clients": statuses]))
            return
        }
        for status in statuses {
            let installed = status.installed ? "installed" : "not installed"
            print("\(status.client.rawValue)\t\(installed)\t\(status.registered ? "registered" : "-")")
        }
    }
}
