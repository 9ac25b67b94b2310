import ArgumentParser
import HiveKeepWorkloads

/// What `stop`, `restart` and `rm` share: names, or every workload of a group.
struct WorkloadSelection: ParsableArguments {
    @Argument(help: "The workloads' names.")
    var names: [String] = []

    @Option(help: "Every workload of this group instead.")
    var group: String?

    func resolve(_ service: WorkloadService) async throws -> [String] {
        try await service.select(names: names.isEmpty ? nil : names, group: group)
    }
}

/// `hivekeep stop NAME...`.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop workloads.")
    @OptionGroup var selection: WorkloadSelection

    func run() async throws {
        let service = try CLIEnvironment().workloadService()
        for name in try await selection.resolve(service) {
            try await service.stop(name)
            print("stopped \(name)")
        }
    }
}

/// `hivekeep restart NAME...`: stop and start again on the same port.
struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart workloads.")
    @OptionGroup var selection: WorkloadSelection

    @Option(help: "How many seconds to wait for each workload to run.")
    var timeout: Int = 300

    func run() async throws {
        let service = try CLIEnvironment().workloadService()
        for name in try await selection.resolve(service) {
            try await service.restart(name)
            try await WorkloadProgress.follow(name, service: service, timeout: .seconds(timeout))
        }
    }
}

/// `hivekeep rm NAME...`: stop and delete workloads.
struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete workloads.")
    @OptionGroup var selection: WorkloadSelection

    func run() async throws {
        let service = try CLIEnvironment().workloadService()
        for name in try await selection.resolve(service) {
            try await service.delete(name)
            print("deleted \(name)")
        }
    }
}
