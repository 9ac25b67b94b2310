import ArgumentParser

/// `hivekeep client …`.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Register HiveKeep's workloads with AI clients.",
        subcommands: [ClientList.self, ClientRegister.self, ClientRemove.self, ClientStatusCommand.self]
    )
}
