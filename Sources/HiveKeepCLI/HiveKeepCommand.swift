import ArgumentParser
import CHiveKeepSystem
import Foundation
import HiveKeepCore

/// The root of the `hivekeep` command line.
public struct HiveKeepCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hivekeep",
        abstract: "Run MCP servers as managed workloads and keep their secrets safe.",
        version: HiveKeepVersion.current,
        subcommands: [
            ServeCommand.self, RunCommand.self, ListCommand.self, StatusCommand.self, StopCommand.self,
            RestartCommand.self, RemoveCommand.self, LogsCommand.self, SecretCommand.self, RegistryCommand.self,
            GroupCommand.self, ClientCommand.self, KeysCommand.self, ExportCommand.self, ImportCommand.self,
            MigrateCommand.self, VerifyCommand.self, UpCommand.self, DoctorCommand.self, ServiceCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
            VersionCommand.self, ProxyRunnerCommand.self, APITokenCommand.self, ProxyTokenCommand.self,
            LoginCommand.self, RegistryLoginCommand.self, RegistryLogoutCommand.self,
        ]
    )

    public init() {}
}

/// The entry point of the `hivekeep` executable.
public enum HiveKeepMain {
    /// Parses the process's arguments and runs the chosen command; exits the process when it ends.
    public static func run() async {
        // Every HiveKeep process may hold secrets: no core dumps, no ptrace by other processes of the user.
        if hivekeep_disable_core_dumps() != 0 {
            FileHandle.standardError.write(Data("hivekeep: warning: cannot disable core dumps\n".utf8))
        }
        await HiveKeepCommand.main()
    }
}
