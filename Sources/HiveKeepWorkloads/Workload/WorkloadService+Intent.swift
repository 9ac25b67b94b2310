/// Recording what was asked before answering it: a stop or delete that the API accepts (202) and then runs in the
/// background is written into the workload's status first, so an API server that dies in between leaves `stopping`
/// or `removing` behind, which reconciliation (``reconcile()``) finishes, instead of a workload that keeps running
/// as if nothing had been asked.
extension WorkloadService {
    /// A lifecycle operation the API accepts and runs after answering.
    public enum Intent: Sendable {
        case stop, delete
    }

    /// Writes `intent` into the status of `name` (which must exist); the operation itself follows.
    public func record(_ intent: Intent, for name: String) throws {
        try requireExisting(name)
        switch intent {
        case .delete:
            _ = try statuses.set(name, .removing, context: nil)
        case .stop:
            let record = try currentRecord(name)
            guard record.processID != 0 else { return }
            _ = try statuses.set(name, .stopping, processID: record.processID, wanted: false)
        }
    }
}
