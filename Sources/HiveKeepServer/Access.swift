import HiveKeepAuth
import HiveKeepCore
import HiveKeepWorkloads

/// A permission an operation needs, named in the 403 a caller without it gets, and the role that grants it.
struct Permission: Sendable, Hashable, CustomStringConvertible {
    let name: String
    /// The role that grants it; nil for the two open operations.
    let role: Role?

    var description: String { "\(name) (role \(role?.rawValue ?? "none"))" }

    /// Needs no credential: `/health` and `/api/openapi.json`.
    static let open = Permission(name: "open", role: nil)
    /// Reads metadata: lists, statuses, registry, groups, clients, secret names, provider capabilities.
    static let read = Permission(name: "read", role: .viewer)
    /// Runs, stops, restarts, deletes and reads the logs of workloads from the registry or a trusted signed config.
    static let manageWorkloads = Permission(name: "workloads:manage", role: .operator)
    /// The same for any workload: local commands, packages or images not in the registry, custom arguments.
    static let manageAnyWorkload = Permission(name: "workloads:manage-any", role: .admin)
    /// Finishes a remote workload's OAuth sign-in with a pasted redirect (the workload then acts as the account
    /// that signed in, as it does after a sign-in in the browser of the runner's own machine).
    static let signInWorkloads = Permission(name: "workloads:sign-in", role: .operator)
    /// Exports a workload's run configuration (never with secret values).
    static let exportWorkloads = Permission(name: "workloads:export", role: .operator)
    /// Imports a run configuration signed by a trusted key that brings no secrets.
    static let importSigned = Permission(name: "workloads:import-signed", role: .operator)
    /// Imports an unsigned run configuration, or one that brings secrets.
    static let importAny = Permission(name: "workloads:import-any", role: .admin)
    /// Writes, deletes and sets up secrets.
    static let writeSecrets = Permission(name: "secrets:write", role: .admin)
    /// Changes the registry source.
    static let writeRegistry = Permission(name: "registry:write", role: .admin)
    /// Registers and removes AI clients.
    static let writeClients = Permission(name: "clients:write", role: .admin)
    /// Creates and deletes groups.
    static let writeGroups = Permission(name: "groups:write", role: .admin)
    /// Signs with the installation's key.
    static let sign = Permission(name: "sign", role: .admin)
}

extension HiveKeepRequestContext {
    /// Throws a 403 naming `permission` unless the caller holds it.
    func require(_ permission: Permission) throws {
        guard let role = permission.role else { return }
        guard let principal else {
            throw HiveKeepError(.forbidden, "permission \(permission) is required and the caller is not authenticated")
        }
        guard principal.has(role) else {
            throw HiveKeepError(
                .forbidden,
                "permission \(permission) is required; \(principal) has role \(principal.role?.rawValue ?? "none")")
        }
    }

    /// Throws a 403 unless an operator may manage a workload of this provenance, or the caller is an admin.
    func requireManagement(of provenance: WorkloadProvenance) throws {
        guard !provenance.isOperatorManaged else { return }
        guard principal?.has(.admin) == true else {
            throw HiveKeepError(
                .forbidden,
                "permission \(Permission.manageAnyWorkload) is required for this workload: \(provenance); "
                    + "\(principal?.description ?? "the caller") has role \(principal?.role?.rawValue ?? "none")")
        }
    }

    /// ``requireManagement(of:)`` for the saved workload `name`; an admin passes without the workload being read
    /// (so an admin can still delete a workload whose configuration is unreadable).
    func requireManaging(_ name: String, in service: WorkloadService) async throws {
        guard principal?.has(.admin) != true else { return }
        let provenance =
            (try? await service.provenance(of: name)) ?? .custom(reason: "its configuration cannot be read")
        try requireManagement(of: provenance)
    }

    /// ``requireManagement(of:)`` for the workload a create or edit request describes; an admin passes at once.
    func requireManaging(_ request: WorkloadRequest, in service: WorkloadService) async throws {
        guard principal?.has(.admin) != true else { return }
        try requireManagement(of: try await service.provenance(ofRequest: request))
    }
}
