import ArgumentParser
import Foundation
import HiveKeepWorkloads

/// `hivekeep logs NAME [--proxy] [-f]`: the server's output (or the runner's log), optionally followed.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Show a workload's logs.")

    @Argument(help: "The workload's name.")
    var name: String

    @Flag(help: "The runner's (proxy) log instead of the server's output.")
    var proxy = false

    @Flag(name: [.short, .long], help: "Keep printing new lines until interrupted.")
    var follow = false

    @Option(name: [.short, .long], help: "How many of the last lines to print first.")
    var lines: Int = WorkloadService.logLineLimit

    func run() async throws {
        let service = try CLIEnvironment().workloadService()
        let text = try await proxy ? service.proxyLogs(name, lines: lines) : service.serverLogs(name, lines: lines)
        FileHandle.standardOutput.write(Data(text.utf8))
        guard follow else { return }
        let path = proxy ? service.logPaths(name).proxy : service.logPaths(name).server
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        _ = try handle.seekToEnd()
        while !Task.isCancelled {
            let data = handle.availableData
            if data.isEmpty {
                try await Task.sleep(for: .milliseconds(250))
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}
