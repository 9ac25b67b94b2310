import Foundation
import HiveKeepCore

/// Where a workload is in its lifecycle (the reference's nine values).
public enum WorkloadStatus: String, Codable, Sendable, Hashable, CaseIterable {
    case running, stopped, error, starting, stopping, unhealthy, removing, unknown, unauthenticated
}

/// What `<data>/statuses/<name>.json` holds: the status, why, when, and the runner's process.
public struct StatusRecord: Codable, Sendable, Hashable {
    public var status: WorkloadStatus
    public var statusContext: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// The `hivekeep proxy-runner` process that owns the workload; 0 when none runs.
    public var processID: Int32
    /// The proxy's port, once the runner listens.
    public var port: Int?

    public init(
        status: WorkloadStatus, statusContext: String? = nil, createdAt: Date = Date(), updatedAt: Date = Date(),
        processID: Int32 = 0, port: Int? = nil
    ) {
        self.status = status
        self.statusContext = statusContext
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.processID = processID
        self.port = port
    }

    enum CodingKeys: String, CodingKey {
        case status
        case statusContext = "status_context"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case processID = "process_id"
        case port
    }
}
