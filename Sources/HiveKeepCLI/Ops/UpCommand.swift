import ArgumentParser
import Foundation
import HiveKeepWorkloads

/// `hivekeep up`: one reconciliation pass for a host that runs no API server (from a boot-time unit or cron):
/// wanted workloads whose runner is gone start again, interrupted stops and deletes are finished.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the workloads that should run, and finish interrupted stops and deletes.")

    @Flag(help: "Print what was done as JSON.")
    var json = false

    func run() async throws {
        let service = try CLIEnvironment().workloadService()
        let actions = await service.reconcile()
        service.removeOrphanedMetricsSnapshots()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(actions), as: UTF8.self))
        } else if actions.isEmpty {
            print("nothing to do")
        } else {
            for action in actions { print("\(action.workload): \(action.kind.rawValue) (\(action.detail))") }
        }
        if actions.contains(where: { $0.kind == .failed }) { throw ExitCode.failure }
    }
}
