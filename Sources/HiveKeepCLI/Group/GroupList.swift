import ArgumentParser
import Foundation
import HiveKeepWorkloads

/// `hivekeep group list`.
struct GroupList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List groups and their clients.")

    @Flag(help: "Print JSON, in the shape of GET /api/v1beta/groups.")
    var json = false

    func run() async throws {
        let groups = try await CLIEnvironment().groupService().list()
        if json {
            print(try CLIOutput.json(["groups": groups]))
            return
        }
        for group in groups {
            let clients = group.registeredClients.isEmpty ? "-" : group.registeredClients.joined(separator: ", ")
            print("\(group.name)\tclients: \(clients)")
        }
    }
}
