import HiveKeepCore
import HiveKeepSecrets
import HiveKeepWorkloads
import Logging

/// What applying a migration did: the plan's items with the outcome of each one that was to be created.
public struct MigrationOutcome: Sendable, Hashable {
    /// The items created.
    public var created: [MigrationPlan.Item] = []
    /// The items that failed while applying, with the reason (nothing else about them was written).
    public var failed: [MigrationPlan.Item] = []

    /// The outcome as text for a person.
    public var lines: [String] {
        var lines = created.map { "created \($0.kind.rawValue) \($0.name)" }
        lines += failed.map { "failed  \($0.kind.rawValue) \($0.name): \($0.reason ?? "unknown reason")" }
        lines.append("\(created.count) created, \(failed.count) failed")
        return lines
    }
}

extension ToolHiveMigrator {
    /// Creates what `prepared` plans, in order: provider choice, secrets, groups, workloads (saved stopped, or
    /// started with `start`), client registrations. An item that fails is reported and the others go on; what
    /// depends on it (a workload on its secret) then fails with its own reason.
    public func apply(_ prepared: PreparedMigration, start: Bool) async -> MigrationOutcome {
        var outcome = MigrationOutcome()
        func record(_ kind: MigrationPlan.Kind, _ name: String, _ work: () async throws -> Void) async {
            do {
                try await work()
                outcome.created.append(.init(kind: kind, name: name, action: .create))
            } catch {
                let reason = (error as? HiveKeepError)?.message ?? "\(error)"
                outcome.failed.append(.init(kind: kind, name: name, action: .refused, reason: reason))
                logger.warning(
                    "migration item failed",
                    metadata: ["migration.kind": "\(kind.rawValue)", "migration.item": "\(name)"])
            }
        }
        if let type = prepared.providerSetup {
            await record(.provider, type.rawValue) { _ = try await services.secrets.setup(type: type, password: nil) }
        }
        for secret in prepared.secrets {
            await record(.secret, secret.name) {
                try await services.secrets.create(key: secret.name, value: secret.value, caller: Self.caller)
            }
        }
        for group in prepared.groups {
            await record(.group, group) { _ = try await services.groups.create(group) }
        }
        for workload in prepared.workloads {
            await record(.workload, workload.config.name) {
                _ = try await services.workloads.runImport(workload, allowSecrets: true, start: start)
            }
        }
        for registration in prepared.clients {
            let name = registration.group.map { "\(registration.client) in group \($0)" } ?? registration.client
            await record(.client, name) {
                if let group = registration.group {
                    _ = try await services.clients.register(registration.client, groups: [group])
                } else {
                    try await services.clients.register(names: [registration.client], groups: [])
                }
            }
        }
        logger.notice(
            "migration from ToolHive applied",
            metadata: ["migration.created": "\(outcome.created.count)", "migration.failed": "\(outcome.failed.count)"])
        return outcome
    }
}
