import ArgumentParser
import HiveKeepAuth
import HiveKeepCore
import HiveKeepStore

/// `hivekeep api-token [--rotate]`: prints the API token (creating it on first use), or replaces it.
struct APITokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-token",
        abstract: "Print the API token that callers send as 'Authorization: Bearer TOKEN'.",
        discussion: """
            The token lives in $XDG_STATE_HOME/hivekeep/api-token (mode 0600), or in the file \
            HIVEKEEP_API_TOKEN_FILE names. With --rotate a new token replaces it, and a running server refuses the \
            old one from the next request on.
            """
    )

    @Flag(help: "Replace the token with a new random one (and print the new one).")
    var rotate = false

    func run() async throws {
        let environment = EnvironmentValues.process()
        let paths = try HiveKeepPaths(environment: environment)
        let file = TokenFile.apiToken(paths: paths, environment: environment)
        try FileSystem.createDirectory(paths.stateDirectory, mode: 0o700)
        let token = rotate ? try file.rotate() : try file.ensure()
        print(token)
    }
}
