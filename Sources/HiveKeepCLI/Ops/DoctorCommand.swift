import ArgumentParser
import Foundation
import HiveKeepWorkloads

/// `hivekeep doctor [--json]`: checks the installation and the host; exits 1 when a check fails.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the installation and the host; each check says ok, warn or fail and what to do.")

    @Flag(help: "Print the checks as JSON: {\"checks\":[{name,outcome,detail,advice}],\"outcome\":...}.")
    var json = false

    func run() async throws {
        let cli = try CLIEnvironment()
        let checks = await Doctor(paths: cli.paths, environment: cli.environment, secrets: cli.secretsService()).run()
        let worst = checks.map(\.outcome).max() ?? .ok
        if json {
            struct Report: Encodable {
                var checks: [DoctorCheck]
                var outcome: DoctorCheck.Outcome
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(Report(checks: checks, outcome: worst)), as: UTF8.self))
        } else {
            for check in checks {
                print("[\(check.outcome.rawValue)] \(check.name): \(check.detail)")
                if let advice = check.advice, check.outcome != .ok { print("       -> \(advice)") }
            }
        }
        if worst == .fail { throw ExitCode.failure }
    }
}
