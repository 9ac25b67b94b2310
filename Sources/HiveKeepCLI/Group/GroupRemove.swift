import ArgumentParser
import HiveKeepWorkloads

/// `hivekeep group rm NAME`.
struct GroupRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete a group; its workloads move to 'default' unless --with-workloads deletes them too."
    )

    @Argument(help: "The group's name.")
    var name: String

    @Flag(help: "Delete the group's workloads as well.")
    var withWorkloads = false

    func run() async throws {
        try await CLIEnvironment().groupService().delete(name, withWorkloads: withWorkloads)
        print("deleted group \(name)")
    }
}
