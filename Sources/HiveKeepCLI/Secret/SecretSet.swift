import ArgumentParser
import HiveKeepCore
import HiveKeepSecrets

/// `hivekeep secret set NAME`: the value comes from standard input or a hidden prompt, never an argument.
struct SecretSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Create or replace a secret; the value is read from standard input or a prompt without echo."
    )

    @Argument(help: "The secret's name.")
    var name: String

    func run() async throws {
        let service = try CLIEnvironment().secretsService()
        let value = try TerminalInput.secret(prompt: "Value for \(name): ")
        do {
            try await service.create(key: name, value: value, caller: "cli")
            print("created \(name)")
        } catch let error as HiveKeepError where error.code == .alreadyExists {
            try await service.update(key: name, value: value, caller: "cli")
            print("updated \(name)")
        }
    }
}
