import ArgumentParser
import HiveKeepSecrets

/// `hivekeep secret delete NAME`.
struct SecretDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a secret.")

    @Argument(help: "The secret's name.")
    var name: String

    func run() async throws {
        try await CLIEnvironment().secretsService().delete(key: name, caller: "cli")
        print("deleted \(name)")
    }
}
