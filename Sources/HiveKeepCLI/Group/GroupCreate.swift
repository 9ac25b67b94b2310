import ArgumentParser
import HiveKeepWorkloads

/// `hivekeep group create NAME`.
struct GroupCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an empty group.")

    @Argument(help: "The group's name: lower case letters, digits, '_', '-' and single inner spaces.")
    var name: String

    func run() async throws {
        try await CLIEnvironment().groupService().create(name)
        print("created group \(name)")
    }
}
