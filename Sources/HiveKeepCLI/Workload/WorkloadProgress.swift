import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepWorkloads

/// Follows a starting workload, printing each new step (installing, starting, restarting) until it runs or fails.
enum WorkloadProgress {
    static func follow(_ name: String, service: WorkloadService, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var lastLine = ""
        while ContinuousClock.now < deadline {
            guard let summary = try await service.list(all: true, group: nil).first(where: { $0.name == name }) else {
                throw HiveKeepError.notFound("workload \(name) disappeared")
            }
            let line = "\(summary.status.rawValue)" + (summary.statusContext.map { ": \($0)" } ?? "")
            if line != lastLine, summary.status != .running {
                print("  \(line)")
                lastLine = line
            }
            switch summary.status {
            case .running:
                print("workload \(name) is running: \(summary.url)")
                return
            case .error, .stopped, .unhealthy:
                print("workload \(name) did not start; see `hivekeep logs \(name)` and `hivekeep logs --proxy \(name)`")
                throw ExitCode.failure
            default:
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        print("workload \(name) is not running after \(timeout); it is still starting in the background")
        throw ExitCode.failure
    }
}
