import Foundation
import HiveKeepCore
import Logging

/// Reconciliation: making the processes match what the status files say should run.
extension WorkloadService {
    /// One pass over every workload (those with a run configuration and those with only a status left):
    ///
    /// - an interrupted delete (`removing`) is finished, and a status with no run configuration is removed;
    /// - an interrupted stop (`stopping`) is finished: the runner is stopped and the workload marked stopped;
    /// - a wanted workload whose runner is gone (a reboot, a killed runner, a start interrupted in `starting`) is
    ///   started again, after what its dead runner left (servers holding its port) is killed; one that is not wanted
    ///   is marked stopped. A workload in `error` stays so: its runner gave up, or it cannot start.
    ///
    /// `stopping`, `removing` and `starting` count as interrupted only once the record is older than
    /// ``interruptedAfter`` and, for `starting`, its runner is gone: an operation in flight in another process (the
    /// API server, the CLI) is left to finish. Returns what was done, one entry per workload touched; a failure to
    /// act on one workload is reported in its entry and does not stop the pass.
    public func reconcile() async -> [ReconcileAction] {
        var names = Set(configs.names())
        names.formUnion((try? statuses.names()) ?? [])
        var actions: [ReconcileAction] = []
        for name in names.sorted() {
            do {
                if let action = try await reconcile(name) { actions.append(action) }
            } catch {
                actions.append(ReconcileAction(workload: name, kind: .failed, detail: "\(error)"))
            }
        }
        actions += await reconcileContainers()
        for action in actions {
            logger.info(
                "reconciled", metadata: ["workload.name": "\(action.workload)", "action": "\(action.kind.rawValue)"])
        }
        return actions
    }

    /// How old a `starting`, `stopping` or `removing` record must be before reconciliation takes it for an
    /// interrupted operation: longer than any stop may take.
    var interruptedAfter: Duration { options.stopTimeout + .seconds(5) }

    private func reconcile(_ name: String) async throws -> ReconcileAction? {
        guard let record = try statuses.read(name) else { return nil }
        let alive = record.processID != 0 && RunnerProcess.isAlive(record.processID, workload: name)
        let age = Duration.seconds(Date().timeIntervalSince(record.updatedAt))
        let stale = age >= interruptedAfter
        // The dead runner's session: its pid, or the one kept after a status read cleared it.
        let session = record.processID != 0 ? record.processID : record.runnerSession ?? 0
        guard configs.exists(name) else {
            guard record.status == .removing ? stale : !alive else { return nil }
            if alive { await RunnerProcess.stop(record.processID, workload: name, timeout: options.stopTimeout) }
            RunnerProcess.killOrphans(ofSession: session)
            await forget(name)
            return ReconcileAction(workload: name, kind: .removed, detail: "a status with no run configuration")
        }
        switch record.status {
        case .removing where stale:
            try await delete(name)
            return ReconcileAction(workload: name, kind: .removed, detail: "finished an interrupted delete")
        case .stopping where stale:
            try await stop(name)
            return ReconcileAction(workload: name, kind: .stopped, detail: "finished an interrupted stop")
        case .running, .unhealthy, .unauthenticated, .stopped, .unknown, .starting:
            guard !alive, record.status != .starting || stale else { return nil }
            RunnerProcess.killOrphans(ofSession: session)
            guard record.isWanted else {
                guard record.status != .stopped else { return nil }
                try statuses.set(name, .stopped, processID: 0)
                return ReconcileAction(workload: name, kind: .stopped, detail: "its runner was gone")
            }
            try await start(try config(name))
            return ReconcileAction(
                workload: name, kind: .started, detail: "wanted, but its runner was gone (\(record.status.rawValue))")
        default:
            return nil
        }
    }
}

/// What one reconciliation pass did to one workload.
public struct ReconcileAction: Sendable, Hashable, Codable {
    /// The kinds of repair.
    public enum Kind: String, Sendable, Hashable, Codable {
        case started, stopped, removed, failed
    }

    public var workload: String
    public var kind: Kind
    /// Why, in words.
    public var detail: String

    public init(workload: String, kind: Kind, detail: String) {
        self.workload = workload
        self.kind = kind
        self.detail = detail
    }
}
