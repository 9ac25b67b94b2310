import ArgumentParser
import HiveKeepCore
import HiveKeepSecrets
import Sodium

/// `hivekeep secret rotate-password`.
struct SecretRotatePassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-password",
        abstract: "Re-encrypt the vault under a new password and update the keyring entry.",
        discussion:
            "The new password is asked for twice without echo, or read from standard input with --password-stdin."
    )

    @Flag(help: "Read the new password from standard input instead of prompting.")
    var passwordStdin = false

    func run() async throws {
        let service = try CLIEnvironment().secretsService()
        let password =
            try passwordStdin || !TerminalInput.stdinIsTerminal
            ? TerminalInput.readStandardInput()
            : confirmedPrompt()
        guard password.count > 0 else { throw HiveKeepError.invalid("the new password is empty") }
        switch try await service.rotatePassword(to: password) {
        case .keyringUpdated:
            print("vault password rotated; the keyring entry holds the new one")
        case .changeSource(let origin):
            print(
                "vault re-encrypted under the new password. Now put the new password in \(origin): "
                    + "HiveKeep does not change it, and the old password no longer opens the vault. "
                    + "Restart `hivekeep serve` after changing it."
            )
        }
    }

    private func confirmedPrompt() throws -> SecureBytes {
        let first = try TerminalInput.promptHidden("New vault password: ")
        let second = try TerminalInput.promptHidden("Again: ")
        guard first.isEqual(to: second) else { throw HiveKeepError.invalid("the two passwords differ") }
        return first
    }
}
