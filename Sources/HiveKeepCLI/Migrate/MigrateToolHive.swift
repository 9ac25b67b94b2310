import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepMigration
import Keyring
import Sodium

/// `hivekeep migrate toolhive [--dry-run] [--from HOME] [--start]`.
struct MigrateToolHive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toolhive",
        abstract: "Bring a ToolHive installation's secrets, workloads, groups and client registrations into HiveKeep.",
        discussion: """
            Reads ToolHive's files (config.yaml, the encrypted secrets file, run configurations, groups) and prints \
            the plan first: what it creates, what HiveKeep has already (reported, never overwritten) and what \
            cannot come, with the reason. Secrets are shown by name only. The secrets file's password comes from \
            TOOLHIVE_SECRETS_PASSWORD, ToolHive's keyring entry, or a prompt. Run configurations go through the \
            unsigned-import path: one that holds a secret value is refused, as import refuses it. Workloads are \
            created stopped unless --start. ToolHive's files are only read. Running it again changes nothing.
            """)

    @Flag(help: "Print the plan and change nothing.")
    var dryRun = false

    @Option(
        name: .customLong("from"),
        help: ArgumentHelp(
            "The home directory of the ToolHive installation (its files are in DIR/.config/toolhive, "
                + "DIR/.local/share/toolhive and DIR/.local/state/toolhive); default: this user's XDG directories.",
            valueName: "DIR"))
    var from: String?

    @Flag(help: "Start the migrated workloads (default: created stopped).")
    var start = false

    func run() async throws {
        let environment = try CLIEnvironment()
        let layout: ToolHiveLayout
        if let from {
            layout = ToolHiveLayout(root: Self.absolute(from))
        } else {
            layout = try ToolHiveLayout(environment: environment.environment)
        }
        let installation = try ToolHiveInstallation.read(layout)
        var prompt: (@Sendable () throws -> SecureBytes)?
        if TerminalInput.stdinIsTerminal {
            prompt = { try TerminalInput.promptHidden("Password of ToolHive's secrets file: ") }
        }
        let password = ToolHivePassword(
            environment: environment.environment, keyring: Keyring(logger: environment.logger), prompt: prompt,
            logger: environment.logger)
        let workloads = environment.workloadService()
        let groups = environment.groupService()
        let services = ToolHiveMigrator.Services(
            paths: environment.paths, secrets: environment.secretsService(), groups: groups, workloads: workloads,
            clients: environment.clientService())
        let migrator = ToolHiveMigrator(
            installation: installation, services: services, password: password, logger: environment.logger)
        let prepared = try await migrator.prepare()
        for line in prepared.plan.lines { print(line) }
        guard !dryRun, prepared.plan.hasChanges else {
            if dryRun { print("Dry run: nothing was changed.") }
            return
        }
        let outcome = await migrator.apply(prepared, start: start)
        for line in outcome.lines { print(line) }
        if !outcome.failed.isEmpty { throw ExitCode(1) }
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
