import HiveKeepClients
import HiveKeepCore
import Logging

/// The client files themselves: HiveKeep's entries written, checked, removed and read back through
/// ``ClientEntryWriter`` (only HiveKeep's own entries, with the workload proxy's token).
extension ClientService {
    /// The writer of HiveKeep's entries in the configuration file of `client`.
    nonisolated func writer(for client: ClientType) throws -> ClientEntryWriter {
        ClientEntryWriter(
            client: client, path: try configPath(of: client), record: ClientEntryRecord(paths: paths),
            tokens: ClientProxyTokens(paths: paths))
    }

    /// The entry of workload `name` in the configuration file of `client` as it is now (its URL and headers,
    /// among them the proxy token HiveKeep wrote), or nil when the file has none.
    public func writtenEntry(for name: String, in client: ClientType) async throws -> ClientWrittenEntry? {
        let writer = try writer(for: client)
        return try await run(client, writer.path) { try writer.entry(named: name) }
    }

    /// Upserts `entries` in the configuration file of `client`; a same-named entry of the user's is a `.conflict`.
    func write(_ entries: [ClientWorkloadEntry], to client: ClientType) async throws {
        guard !entries.isEmpty else { return }
        let writer = try writer(for: client)
        let changed = try await run(client, writer.path) { try writer.write(entries) }
        if changed { logger.info("updated client configuration", metadata: ["client.path": "\(writer.path)"]) }
    }

    /// Throws the `.conflict` that writing `entries` to `client` would throw, writing nothing.
    func check(_ entries: [ClientWorkloadEntry], for client: ClientType) async throws {
        guard !entries.isEmpty else { return }
        let writer = try writer(for: client)
        try await run(client, writer.path) { try writer.check(entries) }
    }

    /// Removes HiveKeep's entries named `names` from the configuration file of `client`; the user's are kept.
    func remove(_ names: [String], from client: ClientType) async throws {
        guard !names.isEmpty else { return }
        let writer = try writer(for: client)
        let left = try await run(client, writer.path) { try writer.remove(names) }
        for name in left {
            logger.warning(
                "left a client entry that HiveKeep did not write or that was changed since",
                metadata: ["client.path": "\(writer.path)", "entry.name": "\(name)"])
        }
    }

    func run<T: Sendable>(
        _ client: ClientType, _ path: String, _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        do {
            return try await Blocking.run(body)
        } catch let error as HiveKeepError where error.code == .invalidArgument {
            throw HiveKeepError(.invalidArgument, "\(client.rawValue) configuration \(path) \(error.message)")
        }
    }
}
