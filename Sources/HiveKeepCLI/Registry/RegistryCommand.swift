import ArgumentParser

/// `hivekeep registry …`.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Show and configure the MCP server registry.",
        subcommands: [RegistryList.self, RegistryInfo.self, RegistrySet.self, RegistryReset.self]
    )
}
