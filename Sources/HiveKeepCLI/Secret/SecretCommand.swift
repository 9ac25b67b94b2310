import ArgumentParser

/// `hivekeep secret …`: the secrets provider and its secrets.
struct SecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Set up the secrets provider and manage secrets.",
        subcommands: [
            SecretSetup.self, SecretProvider.self, SecretSet.self, SecretGet.self, SecretList.self,
            SecretDelete.self, SecretRotatePassword.self, SecretAudit.self,
        ]
    )
}
