import ArgumentParser

/// `hivekeep keys …`: HiveKeep's signing key and the keys it trusts.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the signing key and the trusted public keys.",
        subcommands: [KeysGenerate.self, KeysList.self, KeysExport.self, KeysTrust.self, KeysUntrust.self]
    )
}
