import Foundation
import HiveKeepCore
import HiveKeepStore

/// Workload checks: each workload's port is free, or held by its own runner.
extension Doctor {
    func portChecks() -> [DoctorCheck] {
        let configs = RunConfigStore(paths: paths)
        let statuses = StatusStore(paths: paths)
        var held: [String] = []
        var count = 0
        for name in configs.names() {
            guard let config = try? configs.load(name), config.port > 0 else { continue }
            count += 1
            let record = try? statuses.read(name)
            let runnerAlive = record.map { $0.processID != 0 && RunnerProcess.isAlive($0.processID, workload: name) }
            if runnerAlive == true || PortAllocator.isAvailable(config.port) { continue }
            held.append("\(name) (port \(config.port))")
        }
        guard held.isEmpty else {
            return [
                DoctorCheck(
                    "workload ports", .fail,
                    "held by another process while the workload's runner is not running: " + Self.sample(held),
                    advice: "stop what listens there (`ss -ltnp`), or edit the workload to another port")
            ]
        }
        return [DoctorCheck("workload ports", .ok, "the ports of \(count) workloads are free or held by their runners")]
    }
}
