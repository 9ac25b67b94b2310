import ArgumentParser
import Foundation
import HiveKeepWorkloads

/// `hivekeep status NAME`: one workload's status, URL and the reason of an error.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show a workload's status.")

    @Argument(help: "The workload's name.")
    var name: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let service = try CLIEnvironment().workloadService()
        _ = try await service.status(name)
        guard let summary = try await service.list(all: true, group: nil).first(where: { $0.name == name }) else {
            throw ValidationError("workload not found: \(name)")
        }
        if json {
            print(try CLIOutput.json(summary))
            return
        }
        print("\(summary.name): \(summary.status.rawValue)")
        if let context = summary.statusContext { print("  \(context)") }
        print("  url: \(summary.url)")
    }
}
