import ArgumentParser
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepWorkloads

/// `hivekeep registry-login REGISTRY --username U --password-secret NAME`: the credentials image pulls from
/// REGISTRY use, as an entry of `container_runtime.registry_auth` (the password stays in the secrets store; only its
/// name is written).
struct RegistryLoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry-login",
        abstract: "Pull images from an image registry with a user name and a password kept as a secret.",
        discussion: """
            Writes container_runtime.registry_auth in config.yaml: REGISTRY, the user name and the name of the \
            secret holding the password or token (store it with `hivekeep secret set NAME`). The value is never \
            written there. Replaces an earlier entry for the same registry.
            """)

    @Argument(help: "The registry host, host[:port] as in image references (docker.io for Docker Hub).")
    var registry: String

    @Option(help: "The user name at the registry.")
    var username: String

    @Option(name: .customLong("password-secret"), help: "The name of the secret holding the password or token.")
    var passwordSecret: String

    func run() async throws {
        let cli = try CLIEnvironment()
        let entry = RegistryAuth.Entry(registry: registry, username: username, passwordSecret: passwordSecret)
        let replaced = try await RegistryAuth.login(entry, paths: cli.paths)
        print("\(replaced ? "replaced" : "added") the credentials for \(registry) (\(RegistryAuth.settingName))")
        if let keys = try? await cli.secretsService().listKeys(caller: "cli"), !keys.contains(passwordSecret) {
            print(
                "note: there is no secret \(passwordSecret) yet: store it with `hivekeep secret set \(passwordSecret)`")
        }
    }
}
