import Logging

/// Runs ``WorkloadService/reconcile()`` at start and then periodically, until its task is cancelled: what
/// `hivekeep serve` runs beside the API so that workloads come back after a reboot or a killed runner.
public struct Reconciler: Sendable {
    /// The pause between two passes when nothing sets it.
    public static let standardInterval: Duration = .seconds(30)

    let workloads: WorkloadService
    let interval: Duration
    /// Told what each pass did (the API server counts the runners it started again); nothing by default.
    public var onPass: @Sendable ([ReconcileAction]) -> Void = { _ in }

    /// - Parameters:
    ///   - workloads: the service whose workloads are reconciled.
    ///   - interval: the pause between the end of one pass and the start of the next.
    public init(workloads: WorkloadService, interval: Duration = Reconciler.standardInterval) {
        self.workloads = workloads
        self.interval = interval
    }

    /// The interval `HIVEKEEP_RECONCILE_INTERVAL_MS` asks for (at least 100 ms), or ``standardInterval``.
    public static func interval(environment: [String: String]) -> Duration {
        guard let text = environment["HIVEKEEP_RECONCILE_INTERVAL_MS"], let value = Int(text), value >= 100 else {
            return standardInterval
        }
        return .milliseconds(value)
    }

    /// Reconciles once now, then after every ``interval``, until the task is cancelled (then it returns). After each
    /// pass the metrics snapshots of deleted workloads are removed.
    public func run() async {
        while !Task.isCancelled {
            onPass(await workloads.reconcile())
            workloads.removeOrphanedMetricsSnapshots()
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }
}
