import HiveKeepCore

/// Writes and removes HiveKeep's entries in one client's configuration file, and only HiveKeep's: an entry of the
/// same name that the ``ClientEntryRecord`` does not show as HiveKeep's is left byte for byte as it is.
///
/// Lock order: the record's lock, then the client file's lock (inside ``ClientConfigFile/edit(_:)``); the record is
/// stored after the file was written, so a failed write records nothing. Blocking: call from `Blocking.run`.
public struct ClientEntryWriter: Sendable {
    public let client: ClientType
    /// The client's configuration file.
    public let path: String
    public let record: ClientEntryRecord
    /// Where the workloads' proxy tokens come from; nil writes entries without an `Authorization` header.
    public let tokens: ClientProxyTokens?

    public init(client: ClientType, path: String, record: ClientEntryRecord, tokens: ClientProxyTokens? = nil) {
        self.client = client
        self.path = path
        self.record = record
        self.tokens = tokens
    }

    /// The entry of workload `name` as the file holds it now (whoever wrote it), or nil when there is none.
    public func entry(named name: String) throws -> ClientWrittenEntry? {
        let bytes = try ClientConfigFile(path: path).read() ?? []
        return try ClientEntryDigest.tree(bytes, shape: client.spec.shape, name: name).map(ClientWrittenEntry.init)
    }

    private func authenticated(_ entries: [ClientWorkloadEntry]) throws -> [ClientWorkloadEntry] {
        guard let tokens else { return entries }
        return try entries.map(tokens.authenticated)
    }

    /// Upserts `entries`; returns whether the file changed. A same-named entry that is not HiveKeep's is a
    /// `.conflict` naming the file and the entry, and then nothing is written.
    @discardableResult
    public func write(_ entries: [ClientWorkloadEntry]) throws -> Bool {
        guard !entries.isEmpty else { return false }
        let entries = try authenticated(entries)
        let shape = client.spec.shape
        return try record.update(path) { owned in
            var written = owned
            let changed = try ClientConfigFile(path: path).edit { bytes in
                written = owned
                var result = bytes
                for entry in entries {
                    let desired = ClientEntryDigest.of(ClientConfigEditor.fields(shape, entry))
                    try requireOwned(entry.name, in: result, owned: owned, accepted: accepted(entry, desired))
                    result = try ClientConfigEditor.upsert(result, shape: shape, entry: entry)
                    written[entry.name] = desired
                }
                return result
            }
            owned = written
            return changed
        }
    }

    /// Throws the `.conflict` that ``write(_:)`` would throw for `entries`, without writing anything.
    public func check(_ entries: [ClientWorkloadEntry]) throws {
        let entries = try authenticated(entries)
        let owned = try record.entries(of: path)
        let bytes = try ClientConfigFile(path: path).read() ?? []
        for entry in entries {
            let desired = ClientEntryDigest.of(ClientConfigEditor.fields(client.spec.shape, entry))
            try requireOwned(entry.name, in: bytes, owned: owned, accepted: accepted(entry, desired))
        }
    }

    /// Removes the entries named `names` that are HiveKeep's; returns the names of those it left because they are
    /// the user's (never written by HiveKeep, or changed since). Entries no longer there are forgotten.
    @discardableResult
    public func remove(_ names: [String]) throws -> [String] {
        guard !names.isEmpty else { return [] }
        let shape = client.spec.shape
        return try record.update(path) { owned in
            var left: [String] = []
            try ClientConfigFile(path: path).edit { bytes in
                left = []
                var result = bytes
                for name in names {
                    guard let current = try ClientEntryDigest.current(result, shape: shape, name: name) else {
                        continue
                    }
                    guard current == owned[name] else {
                        left.append(name)
                        continue
                    }
                    result = try ClientConfigEditor.remove(result, shape: shape, name: name)
                }
                return result
            }
            for name in names { owned[name] = nil }
            return left
        }
    }

    /// Throws the `.conflict` of ``write(_:)`` when the file has an entry `name` that is not HiveKeep's, whatever
    /// HiveKeep would write there (for a workload about to be created). Blocking.
    public func requireNotForeign(_ name: String) throws {
        let owned = try record.entries(of: path)
        let bytes = try ClientConfigFile(path: path).read() ?? []
        try requireOwned(name, in: bytes, owned: owned, accepted: [])
    }

    /// The digests of entries HiveKeep takes over without a record: exactly what it writes now, or exactly what
    /// HiveKeep wrote before entries carried the proxy token (files written before the record existed).
    private func accepted(_ entry: ClientWorkloadEntry, _ desired: String) -> Set<String> {
        var legacy = entry
        legacy.bearerToken = nil
        return [desired, ClientEntryDigest.of(ClientConfigEditor.fields(client.spec.shape, legacy))]
    }

    private func requireOwned(
        _ name: String, in bytes: [UInt8], owned: [String: String], accepted: Set<String>
    ) throws {
        guard let current = try ClientEntryDigest.current(bytes, shape: client.spec.shape, name: name) else { return }
        // HiveKeep's unchanged entry, or one exactly as HiveKeep writes it.
        if current == owned[name] || accepted.contains(current) { return }
        let whose = owned[name] == nil ? "HiveKeep did not write" : "was changed after HiveKeep wrote it"
        throw HiveKeepError(
            .conflict,
            "\(path) already has an entry '\(name)' that \(whose); HiveKeep leaves it as it is: remove or rename "
                + "that entry, or give the workload another name")
    }
}
