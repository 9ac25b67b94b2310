import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepSecrets
import Sodium

/// `hivekeep secret get NAME`: prints the value to a terminal, or elsewhere only with --reveal.
struct SecretGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print a secret's value (to a terminal; use --reveal to write it to a pipe or file)."
    )

    @Argument(help: "The secret's name.")
    var name: String

    @Flag(help: "Write the value even when standard output is not a terminal.")
    var reveal = false

    func run() async throws {
        guard TerminalInput.stdoutIsTerminal || reveal else {
            throw HiveKeepError.invalid("standard output is not a terminal; add --reveal to write the value to it")
        }
        let value = try await CLIEnvironment().secretsService().get(key: name, caller: "cli")
        value.withUnsafeBytes { bytes in
            _ = write(STDOUT_FILENO, bytes.baseAddress, bytes.count)
            _ = write(STDOUT_FILENO, "\n", 1)
        }
    }
}
