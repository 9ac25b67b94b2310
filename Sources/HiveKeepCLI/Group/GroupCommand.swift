import ArgumentParser

/// `hivekeep group …`.
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Create, list and remove groups of workloads.",
        subcommands: [GroupCreate.self, GroupList.self, GroupRemove.self]
    )
}
