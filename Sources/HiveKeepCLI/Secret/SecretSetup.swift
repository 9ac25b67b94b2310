import ArgumentParser
import HiveKeepSecrets
import Sodium

/// `hivekeep secret setup TYPE`.
struct SecretSetup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Set up (or switch) the secrets provider: encrypted, keyring or environment.",
        discussion: """
            For `encrypted`, the vault password comes from HIVEKEEP_SECRETS_PASSWORD_FILE, \
            $CREDENTIALS_DIRECTORY/hivekeep-secrets-password or HIVEKEEP_SECRETS_PASSWORD when set; otherwise it is \
            asked for without echo (or read from standard input with --password-stdin) and kept in the keyring. \
            Switching provider never deletes the previous store.
            """
    )

    @Argument(help: "encrypted, keyring or environment")
    var type: String

    @Flag(help: "Read the vault password from standard input instead of prompting.")
    var passwordStdin = false

    func run() async throws {
        let cli = try CLIEnvironment()
        let type = try SecretsService.parseType(type)
        var password: SecureBytes?
        if type == .encrypted, !VaultPasswordSource.hasExplicitSource(environment: cli.environment) {
            if passwordStdin {
                password = try TerminalInput.readStandardInput()
            } else if TerminalInput.stdinIsTerminal {
                password = try TerminalInput.promptHidden("New vault password (or the existing vault's): ")
            }
        }
        let result = try await cli.secretsService().setup(type: type, password: password)
        print("secrets provider \(result.type.rawValue) \(result.reconfigured ? "reconfigured" : "set up")")
    }
}
