import ArgumentParser
import Foundation
import HiveKeepWorkloads

/// `hivekeep list`: the running workloads, or all of them.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List workloads.")

    @Flag(name: [.short, .long], help: "Include workloads that are not running.")
    var all = false

    @Option(help: "Only this group's workloads.")
    var group: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let workloads = try await CLIEnvironment().workloadService().list(all: all, group: group)
        if json {
            print(try CLIOutput.json(workloads))
            return
        }
        guard !workloads.isEmpty else {
            print(all ? "no workloads" : "no running workloads (use --all to see the others)")
            return
        }
        let rows =
            [["NAME", "STATUS", "URL", "GROUP", "PACKAGE"]]
            + workloads.map { [$0.name, $0.status.rawValue, $0.url, $0.group ?? "default", $0.package] }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(
                zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
    }
}
