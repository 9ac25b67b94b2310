import ArgumentParser
import HiveKeepRegistry

/// `hivekeep registry reset`: go back to the built-in registry.
struct RegistryReset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reset", abstract: "Use the built-in registry again.")

    func run() async throws {
        let result = try await CLIEnvironment().registryService().update(named: "default", RegistryUpdate())
        print(result.message)
    }
}
