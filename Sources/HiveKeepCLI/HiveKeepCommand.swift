import ArgumentParser
import HiveKeepCore

/// The root of the `hivekeep` command line.
public struct HiveKeepCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hivekeep",
        abstract: "Run MCP servers as managed workloads and keep their secrets safe.",
        version: HiveKeepVersion.current,
        subcommands: [ServeCommand.self, VersionCommand.self]
    )

    public init() {}
}

/// The entry point of the `hivekeep` executable.
public enum HiveKeepMain {
    /// Parses the process's arguments and runs the chosen command; exits the process when it ends.
    public static func run() async {
        await HiveKeepCommand.main()
    }
}
