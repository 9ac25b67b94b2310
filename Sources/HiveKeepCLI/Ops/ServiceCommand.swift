import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepRuntime
import HiveKeepStore
import HiveKeepWorkloads

/// `hivekeep service install|uninstall`: systemd units for running HiveKeep as a service.
struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service", abstract: "Install or remove systemd units that run `hivekeep serve`.",
        subcommands: [ServiceInstall.self, ServiceUninstall.self])
}

/// Which manager and where its unit files live.
struct ServiceScopeOptions: ParsableArguments {
    @Flag(name: .customLong("user"), help: "Units for your own systemd manager (~/.config/systemd/user; the default).")
    var user = false

    @Flag(name: .customLong("system"), help: "Units for the system manager (/etc/systemd/system), as user hivekeep.")
    var system = false

    @Option(help: "Write the units here instead of the manager's directory.")
    var directory: String?

    func validate() throws {
        if user && system { throw ValidationError("choose one of --user and --system") }
        if let directory, !directory.hasPrefix("/") { throw ValidationError("--directory must be an absolute path") }
    }

    var scope: ServiceUnits.Scope { system ? .system : .user }

    func unitDirectory(_ cli: CLIEnvironment) throws -> String {
        if let directory { return directory }
        if scope == .system { return "/etc/systemd/system" }
        let config = cli.environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        guard let base = config ?? cli.environment["HOME"].map({ $0 + "/.config" }) else {
            throw ValidationError("cannot find your configuration directory: set HOME")
        }
        return base + "/systemd/user"
    }
}

/// `hivekeep service install [--user|--system] [--keyring] [--dry-run]`.
struct ServiceInstall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install", abstract: "Write the unit files (or print them with --dry-run).")

    @OptionGroup var scope: ServiceScopeOptions

    @Flag(help: "Also run the headless keyring (a D-Bus session and gnome-keyring unlocked from a credential).")
    var keyring = false

    @Flag(name: .customLong("dry-run"), help: "Print the units instead of writing them.")
    var dryRun = false

    func run() async throws {
        let cli = try CLIEnvironment()
        // The running binary (/proc/self/exe), as the workload service finds it for its runners.
        let executable = WorkloadOptions.standard(environment: [:]).runnerExecutable
        let credentials =
            scope.scope == .system ? "/etc/hivekeep/credentials" : cli.paths.configDirectory + "/credentials"
        let units = ServiceUnits(
            scope: scope.scope, keyring: keyring, executable: executable, credentialsDirectory: credentials,
            stopGraceSeconds: Int(StopGrace.from(cli.environment.values).components.seconds))
        if dryRun {
            for file in units.files { print("# \(file.name)\n\(file.text)") }
            return
        }
        let directory = try scope.unitDirectory(cli)
        try FileSystem.createDirectory(directory, mode: 0o755)
        for file in units.files {
            try AtomicFile.write(Array(file.text.utf8), to: directory + "/" + file.name, mode: 0o644)
            print("wrote \(directory)/\(file.name)")
        }
        let files = keyring ? ["api-token", "keyring-password"] : ["secrets-password", "api-token"]
        let manager = scope.scope == .system ? "systemctl" : "systemctl --user"
        print(
            """
            Before starting, put the credentials in \(credentials) (mode 0600): \(files.joined(separator: ", ")).
            Then: \(manager) daemon-reload && \(manager) enable --now hivekeep.service
            """)
    }
}

/// `hivekeep service uninstall [--user|--system]`.
struct ServiceUninstall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall", abstract: "Remove the unit files install wrote (stop the service first).")

    @OptionGroup var scope: ServiceScopeOptions

    func run() async throws {
        let directory = try scope.unitDirectory(try CLIEnvironment())
        var removed = 0
        for name in ServiceUnits.allNames where FileManager.default.fileExists(atPath: directory + "/" + name) {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
            print("removed \(directory)/\(name)")
            removed += 1
        }
        if removed == 0 { print("no HiveKeep units in \(directory)") }
    }
}
