import Foundation
import HiveKeepStore

/// What a workload's runner publishes about itself for `GET /metrics`: `<state>/metrics/<name>.json`, written
/// atomically every few seconds and when the runner ends, read by the API server when it is scraped.
///
/// Every count starts at zero when a runner starts and only grows while it lives; a new runner (after a reboot, a
/// reconciliation, a stop and start) starts again from zero, which Prometheus takes as a counter reset.
/// `started_at` tells the runs apart. The file stays after the runner ends (its last counts stay visible) until
/// the next runner of the name replaces it.
public struct WorkloadMetricsSnapshot: Codable, Sendable, Hashable {
    /// Requests of one MCP method that ended one way.
    public struct Requests: Codable, Sendable, Hashable {
        public var method: String
        public var outcome: String
        public var count: Int

        public init(method: String, outcome: String, count: Int) {
            self.method = method
            self.outcome = outcome
            self.count = count
        }
    }

    public var workload: String
    /// The runner's process id.
    public var runnerPID: Int32
    /// When the runner started, in seconds since 1970.
    public var startedAt: Double
    /// How many times the runner restarted its MCP server.
    public var restarts: Int
    /// The non-zero request counts.
    public var requests: [Requests]
    /// Upper bounds of the latency buckets, in seconds.
    public var latencyBounds: [Double]
    /// Requests per latency bucket, cumulative; one more entry than ``latencyBounds`` (`+Inf`, the total count).
    public var latencyBuckets: [Int]
    /// The summed latency, in seconds.
    public var latencySumSeconds: Double

    enum CodingKeys: String, CodingKey {
        case workload
        case runnerPID = "runner_pid"
        case startedAt = "started_at"
        case restarts, requests
        case latencyBounds = "latency_bounds"
        case latencyBuckets = "latency_buckets"
        case latencySumSeconds = "latency_sum_seconds"
    }

    public init(
        workload: String, runnerPID: Int32, startedAt: Double, restarts: Int, requests: [Requests],
        latencyBounds: [Double], latencyBuckets: [Int], latencySumSeconds: Double
    ) {
        self.workload = workload
        self.runnerPID = runnerPID
        self.startedAt = startedAt
        self.restarts = restarts
        self.requests = requests
        self.latencyBounds = latencyBounds
        self.latencyBuckets = latencyBuckets
        self.latencySumSeconds = latencySumSeconds
    }

    /// `<state>/metrics`.
    public static func directory(_ paths: HiveKeepPaths) -> String { paths.stateDirectory + "/metrics" }

    /// The snapshot of `name`, or nil when there is none or it cannot be read (or does not fit the buckets).
    public static func read(_ name: String, paths: HiveKeepPaths) -> WorkloadMetricsSnapshot? {
        guard let data = FileManager.default.contents(atPath: "\(directory(paths))/\(name).json"),
            let snapshot = try? JSONDecoder().decode(Self.self, from: data),
            snapshot.workload == name, snapshot.latencyBuckets.count == snapshot.latencyBounds.count + 1
        else { return nil }
        return snapshot
    }

    /// Writes the snapshot atomically (mode 0600, in a 0700 directory).
    public func write(paths: HiveKeepPaths) throws {
        try FileSystem.createDirectory(Self.directory(paths), mode: 0o700)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(Array(try encoder.encode(self)), to: "\(Self.directory(paths))/\(workload).json")
    }
}

extension WorkloadService {
    /// The last snapshot the runner of `name` published, or nil.
    public nonisolated func metricsSnapshot(_ name: String) -> WorkloadMetricsSnapshot? {
        WorkloadMetricsSnapshot.read(name, paths: paths)
    }
}
