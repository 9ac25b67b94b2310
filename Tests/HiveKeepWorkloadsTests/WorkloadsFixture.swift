import Foundation
import HiveKeepClients
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Logging
import Synchronization

/// A throwaway HOME and XDG tree with the group and client services over it.
struct WorkloadsFixture {
    let directory: TemporaryDirectory
    let environment: EnvironmentValues
    let paths: HiveKeepPaths
    let workloads: RecordingWorkloads

    init(entries: [ClientWorkloadEntry] = []) throws {
        directory = try TemporaryDirectory(prefix: "hivekeep-workloads")
        environment = EnvironmentValues(directory.isolatedEnvironment())
        paths = try HiveKeepPaths(environment: environment)
        try paths.createDirectories()
        try FileManager.default.createDirectory(atPath: directory.child("home"), withIntermediateDirectories: true)
        workloads = RecordingWorkloads(entries: entries)
    }

    var home: String { directory.child("home") }

    func groups() -> GroupService {
        GroupService(paths: paths, logger: Logger(label: "test"), workloads: workloads)
    }

    func clients(groups: GroupService? = nil) -> ClientService {
        ClientService(
            paths: paths, environment: environment, groups: groups ?? self.groups(), logger: Logger(label: "test"),
            workloads: workloads)
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }
}

/// A stand-in for the workload service: fixed running entries (all in every group), calls recorded.
final class RecordingWorkloads: GroupWorkloads {
    let entries: [ClientWorkloadEntry]
    private let calls = Mutex<[String]>([])

    init(entries: [ClientWorkloadEntry]) { self.entries = entries }

    var recorded: [String] { calls.withLock { $0 } }

    func moveToDefault(from group: String) async throws { calls.withLock { $0.append("move:\(group)") } }

    func deleteAll(in group: String) async throws { calls.withLock { $0.append("delete:\(group)") } }

    func runningEntries(in groups: [String]?) async throws -> [ClientWorkloadEntry] {
        calls.withLock { $0.append("running:\(groups?.joined(separator: ",") ?? "*")") }
        return entries
    }
}
