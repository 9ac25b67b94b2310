import HiveKeepCore

extension WorkloadBuilder {
    /// Moves the plain values of a remote workload's `headers` into the secrets provider: each becomes a pending
    /// secret `<workload>-header-<name in lower case>` and the entry's value a reference to it, so a header value is
    /// never kept in a run configuration or an export in clear (issue 11). A value that is already a reference stays.
    func moveHeaderValues(in config: inout RunConfig, pending: inout [PendingSecret]) {
        guard config.remoteURL?.isEmpty == false, let entries = config.remoteAuthConfig?.headers?.arrayValue else {
            return
        }
        var moved: [JSONValue] = []
        for entry in entries {
            guard var fields = entry.objectValue, let header = fields["name"]?.stringValue,
                case .string(let value)? = fields["value"] ?? fields["default"], !value.isEmpty
            else {
                moved.append(entry)
                continue
            }
            let key = "\(name)-header-\(header.lowercased())"
            pending.append(PendingSecret(key: key, variable: header, value: value, reason: .headerValue))
            fields["value"] = .object(["name": .string(key), "target": .string(header)])
            fields["default"] = nil
            fields["secret"] = nil
            moved.append(.object(fields))
        }
        config.remoteAuthConfig?.headers = .array(moved)
    }
}
