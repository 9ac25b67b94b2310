import ArgumentParser

/// `hivekeep migrate`: bring another tool's installation into HiveKeep.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring another tool's installation into HiveKeep.",
        subcommands: [MigrateToolHive.self])
}
