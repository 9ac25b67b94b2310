import ArgumentParser
import HiveKeepCore
import HiveKeepWorkloads

/// `hivekeep registry-logout REGISTRY`: image pulls from REGISTRY go without credentials again (the secret stays).
struct RegistryLogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry-logout",
        abstract: "Remove an image registry's entry from container_runtime.registry_auth (the secret is kept).")

    @Argument(help: "The registry host, host[:port].")
    var registry: String

    func run() async throws {
        let cli = try CLIEnvironment()
        guard try await RegistryAuth.logout(registry: registry, paths: cli.paths) else {
            throw HiveKeepError.notFound("no credentials for \(registry) in \(RegistryAuth.settingName)")
        }
        print("removed the credentials for \(registry)")
    }
}
