import ArgumentParser
import HiveKeepSecrets

/// `hivekeep secret list`.
struct SecretList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List secret names (never values).")

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let keys = try await CLIEnvironment().secretsService().listKeys(caller: "cli")
        if json {
            print(try CLIOutput.json(["keys": keys.map { ["key": $0] }]))
        } else {
            for key in keys { print(key) }
        }
    }
}
