import HiveKeepClients
import HiveKeepCore
import Logging

/// The group and client services' view of workloads.
extension WorkloadService: GroupWorkloads {
    public func moveToDefault(from group: String) async throws {
        for var config in try allConfigs() where (config.group ?? "default") == group {
            let running = try currentRecord(config.name).status == .running
            if running { await removeClientEntries(of: config) }
            config.group = "default"
            try configs.save(config)
            if running { await addClientEntries(of: config) }
        }
    }

    /// Writes the workload's entry into its group's clients' files; a failure (a user's same-named entry, a file
    /// that is not valid JSON) is logged, never fatal to the workload operation.
    func addClientEntries(of config: RunConfig) async {
        do {
            try await clients.addWorkload(Self.clientEntry(for: config), group: config.group ?? "default")
        } catch {
            logger.warning(
                "cannot add the workload to client configurations",
                metadata: ["workload.name": "\(config.name)", "error": "\(error)"])
        }
    }

    public func deleteAll(in group: String) async throws {
        for config in try allConfigs() where (config.group ?? "default") == group {
            try await delete(config.name)
        }
    }

    public func runningEntries(in groups: [String]?) async throws -> [ClientWorkloadEntry] {
        try allConfigs().compactMap { config in
            guard groups == nil || groups?.contains(config.group ?? "default") == true,
                try currentRecord(config.name).status == .running
            else { return nil }
            return Self.clientEntry(for: config)
        }
    }

    /// The entry AI clients get for a workload: its proxy URL and the transport they should speak.
    public static func clientEntry(for config: RunConfig) -> ClientWorkloadEntry {
        let url = WorkloadURL.make(config: config)
        let sse = config.transport == "sse" || (config.transport == "stdio" && config.proxyMode == "sse")
        return ClientWorkloadEntry(name: config.name, url: url, transport: sse ? .sse : .streamableHTTP)
    }
}
