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
    /// Whether the user wants the workload to run: set when it is started (create, restart, edit), cleared when it
    /// is stopped. Reconciliation starts a wanted workload whose runner is gone. nil in records written before it
    /// existed: see ``isWanted``.
    public var wanted: Bool?
    /// The session the last runner led (its pid), kept when ``processID`` is cleared because the runner is gone, so
    /// that reconciliation can end what a killed runner left (servers holding the workload's port).
    public var runnerSession: Int32?

    /// ``wanted``, or for an older record without it, whether the status says it was meant to run.
    public var isWanted: Bool { wanted ?? [.running, .starting, .unhealthy].contains(status) }

    public init(
        status: WorkloadStatus, statusContext: String? = nil, createdAt: Date = Date(), updatedAt: Date = Date(),
        processID: Int32 = 0, port: Int? = nil, wanted: Bool? = nil
    ) {
        self.status = status
        self.statusContext = statusContext
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.processID = processID
        self.port = port
        self.wanted = wanted
    }

    enum CodingKeys: String, CodingKey {
        case status
        case statusContext = "status_context"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case processID = "process_id"
        case port
        case wanted
        case runnerSession = "runner_session"
    }
}
