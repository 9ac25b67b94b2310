import ArgumentParser
import HiveKeepWorkloads

/// `hivekeep client remove NAME… [--group G]…`.
struct ClientRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Unregister clients from groups (from everywhere when none is given) and remove their entries."
    )

    @Argument(help: "Client types.")
    var names: [String]

    @Option(name: .customLong("group"), help: "A group to unregister from (repeatable).")
    var groups: [String] = []

    func run() async throws {
        try await CLIEnvironment().clientService().unregister(names: names, groups: groups)
        print("unregistered \(names.joined(separator: ", "))")
    }
}
