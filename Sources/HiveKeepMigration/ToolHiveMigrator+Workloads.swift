import HiveKeepClients
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepWorkloads

/// Groups, run configurations and client registrations.
///
/// Run configurations take the path of an unsigned import (``WorkloadService/prepareImport(_:options:)``): the same
/// checks, the same plan, secrets only as references. A configuration that holds a secret value is refused, as
/// import refuses it (it is not converted); so is one that references a secret neither HiveKeep nor ToolHive's file
/// holds.
extension ToolHiveMigrator {
    func prepareGroups(into prepared: inout PreparedMigration) async throws {
        let existing = Set(try await services.groups.list().map(\.name))
        for group in installation.groups.sorted(by: { $0.name < $1.name }) {
            if existing.contains(group.name) {
                prepared.plan.items.append(.init(kind: .group, name: group.name, action: .exists))
            } else if let reason = Self.message(of: { try GroupName.validate(group.name) }) {
                prepared.plan.items.append(.init(kind: .group, name: group.name, action: .refused, reason: reason))
            } else {
                prepared.plan.items.append(.init(kind: .group, name: group.name, action: .create))
                prepared.groups.append(group.name)
            }
        }
    }

    func prepareWorkloads(into prepared: inout PreparedMigration) async throws {
        let available = Set(prepared.secrets.map(\.name)).union(
            prepared.plan.items(.secret, .exists).map(\.name))
        // nil when HiveKeep's provider cannot list (environment): then the import's own check decides at apply.
        let hiveKeepKeys = (try? await services.secrets.listKeys(caller: Self.caller)).map(Set.init)
        let options = ImportOptions(allowUnsigned: true, allowSecrets: true, pendingGroups: Set(prepared.groups))
        // Import may replace a workload in `error`; a migration never replaces anything.
        let present = Set(try await services.workloads.list(all: true, group: nil).map(\.name))
        for file in installation.runConfigs {
            let name = file.name
            do {
                let imported = try await services.workloads.prepareImport(file.bytes, options: options)
                guard !present.contains(imported.config.name) else {
                    throw HiveKeepError(.alreadyExists, "workload \(imported.config.name) exists")
                }
                let missing = imported.plan.secrets.map(\.name).filter { name in
                    hiveKeepKeys.map { !$0.contains(name) && !available.contains(name) } ?? false
                }
                if !missing.isEmpty {
                    let reason =
                        "references secrets that neither HiveKeep nor ToolHive's file holds: "
                        + missing.joined(separator: ", ")
                    prepared.plan.items.append(.init(kind: .workload, name: name, action: .refused, reason: reason))
                    continue
                }
                prepared.plan.items.append(
                    .init(kind: .workload, name: imported.config.name, action: .create, reason: Self.summary(imported)))
                prepared.workloads.append(imported)
            } catch let error as HiveKeepError where error.code == .alreadyExists {
                prepared.plan.items.append(
                    .init(kind: .workload, name: name, action: .exists, reason: "already in HiveKeep, not overwritten"))
            } catch let error as HiveKeepError {
                prepared.plan.items.append(.init(kind: .workload, name: name, action: .refused, reason: error.message))
            }
        }
    }

    func prepareClients(into prepared: inout PreparedMigration) async throws {
        let refusedGroups = Set(prepared.plan.items(.group, .refused).map(\.name))
        var registered: [String: Set<String>] = [:]
        for group in try await services.groups.list() { registered[group.name] = Set(group.registeredClients) }
        for group in installation.groups.sorted(by: { $0.name < $1.name }) {
            for client in group.registeredClients.sorted() {
                let label = "\(client) in group \(group.name)"
                if refusedGroups.contains(group.name) {
                    prepared.plan.items.append(
                        .init(kind: .client, name: label, action: .refused, reason: "its group cannot come"))
                } else if let reason = Self.message(of: { _ = try ClientType.parse(client) }) {
                    prepared.plan.items.append(.init(kind: .client, name: label, action: .refused, reason: reason))
                } else if registered[group.name]?.contains(client) == true {
                    prepared.plan.items.append(.init(kind: .client, name: label, action: .exists))
                } else {
                    prepared.plan.items.append(.init(kind: .client, name: label, action: .create))
                    prepared.clients.append((client, group.name))
                }
            }
        }
        let global = Set(try await ConfigStore(path: services.paths.configFile).load().clients.registeredClients)
        for client in installation.config.registeredClients.sorted() {
            let label = "\(client) (no group)"
            if let reason = Self.message(of: { _ = try ClientType.parse(client) }) {
                prepared.plan.items.append(.init(kind: .client, name: label, action: .refused, reason: reason))
            } else if global.contains(client) {
                prepared.plan.items.append(.init(kind: .client, name: label, action: .exists))
            } else {
                prepared.plan.items.append(.init(kind: .client, name: label, action: .create))
                prepared.clients.append((client, nil))
            }
        }
    }

    /// What a workload runs, its port and its secret references, on one line.
    static func summary(_ imported: PreparedImport) -> String {
        let plan = imported.plan
        let runs = plan.remoteURL ?? ([plan.command] + plan.arguments).joined(separator: " ")
        let secrets = plan.secrets.map { "\($0.name) as \($0.target)" }.joined(separator: ", ")
        return "\(runs) (\(plan.transport), port \(plan.port), group \(imported.config.group ?? "default"))"
            + (secrets.isEmpty ? "" : ", secrets \(secrets)")
    }

    /// The message of what `check` throws; nil when it passes.
    static func message(of check: () throws -> Void) -> String? {
        do {
            try check()
            return nil
        } catch let error as HiveKeepError {
            return error.message
        } catch {
            return "\(error)"
        }
    }
}
