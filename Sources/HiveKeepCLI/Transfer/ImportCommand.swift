import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepWorkloads

/// `hivekeep import FILE [--name N] [--allow-unsigned] [--allow-secrets]`: creates and starts a workload from an
/// exported run configuration, after showing what it asks for.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create and start a workload from an exported run configuration.",
        discussion: """
            FILE is a signed export (a DSSE envelope signed by a trusted key, see 'hivekeep keys') or, with \
            --allow-unsigned, a plain RunConfig such as a ToolHive export. What the configuration asks for (what it \
            runs, the paths it may read and write, its network access and the secrets it references) is printed \
            first. A configuration that references secrets runs only after you confirm, or with --allow-secrets.
            """)

    @Argument(help: "The exported configuration ('-' reads standard input).")
    var file: String

    @Option(help: "The workload's name (default: the one in the configuration).")
    var name: String?

    @Flag(name: .customLong("allow-unsigned"), help: "Accept a configuration that is not signed.")
    var allowUnsigned = false

    @Flag(name: .customLong("allow-secrets"), help: "Run it even though it references secrets, without asking.")
    var allowSecrets = false

    @Flag(name: .customLong("no-wait"), help: "Return once the workload is created instead of when it runs.")
    var noWait = false

    @Option(help: "How many seconds to wait for the workload to run.")
    var timeout: Int = 300

    func run() async throws {
        let body = try readFile()
        let service = try CLIEnvironment().workloadService()
        let options = ImportOptions(name: name, allowUnsigned: allowUnsigned, allowSecrets: allowSecrets)
        let prepared = try await service.prepareImport(body, options: options)
        Self.say((["The configuration asks for:"] + prepared.plan.lines.map { "  " + $0 }).joined(separator: "\n"))
        var secretsAllowed = allowSecrets
        if !prepared.plan.secrets.isEmpty, !allowSecrets {
            secretsAllowed = try confirm(
                "It will receive the secrets listed above. Import and run it? [y/N] ")
        }
        let created = try await service.runImport(prepared, allowSecrets: secretsAllowed)
        print("created workload \(created.name) on port \(created.port)")
        guard !noWait else { return }
        try await WorkloadProgress.follow(created.name, service: service, timeout: .seconds(timeout))
    }

    private func readFile() throws -> [UInt8] {
        let data =
            file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
        guard let data else { throw HiveKeepError.notFound("cannot read \(file)") }
        guard data.count <= 1 << 20 else { throw HiveKeepError.invalid("\(file) is larger than 1 MiB") }
        return Array(data)
    }

    /// Writes to standard output unbuffered, so the plan is out before a question is asked.
    private static func say(_ text: String, newline: Bool = true) {
        FileHandle.standardOutput.write(Data((text + (newline ? "\n" : "")).utf8))
    }

    /// Asks on the terminal; without one (or reading the file from standard input) the answer is no.
    private func confirm(_ question: String) throws -> Bool {
        guard file != "-", TerminalInput.stdinIsTerminal else {
            throw HiveKeepError.invalid(
                "the configuration references secrets and there is no terminal to ask on; "
                    + "pass --allow-secrets to run it")
        }
        Self.say(question, newline: false)
        let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            throw HiveKeepError.invalid("import cancelled: the configuration references secrets")
        }
        return true
    }
}
