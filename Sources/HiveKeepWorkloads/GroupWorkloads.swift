import HiveKeepClients

/// What the group and client services need from workloads: the seam to the workload service.
///
/// HiveKeep has no workload service yet, so `ServerDependencies.standard` wires `NoGroupWorkloads`. When workloads
/// exist, the workload service conforms and is passed to `GroupService` and `ClientService`: deleting a group then
/// moves or deletes its workloads, and registering a client writes the entries of the running ones.
public protocol GroupWorkloads: Sendable {
    /// Moves every workload of `group` to the `default` group, updating the client files of running ones.
    func moveToDefault(from group: String) async throws
    /// Deletes every workload of `group`, stopped ones included, and returns when they are gone.
    func deleteAll(in group: String) async throws
    /// The client entries of the running workloads of `groups`, or of every group when `groups` is nil.
    func runningEntries(in groups: [String]?) async throws -> [ClientWorkloadEntry]
}

/// The seam's implementation while HiveKeep runs no workloads: every group is empty.
public struct NoGroupWorkloads: GroupWorkloads {
    public init() {}

    public func moveToDefault(from group: String) async throws {}

    public func deleteAll(in group: String) async throws {}

    public func runningEntries(in groups: [String]?) async throws -> [ClientWorkloadEntry] { [] }
}
