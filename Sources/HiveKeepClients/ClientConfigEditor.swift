import HiveKeepCore

/// Upserts or removes one workload's entry in a client's configuration text, in the client's own entry shape.
///
/// JSON files go through `JSONCEditor`, YAML files through `YAMLEditor`; either way only the entry's span
/// changes. A YAML edit is also checked with a real YAML parser: the document must parse before and after, and
/// apart from the entry the two must be equal.
public enum ClientConfigEditor {
    /// `bytes` with `entry` written under its name.
    public static func upsert(_ bytes: [UInt8], shape: ClientFileSpec.EntryShape, entry: ClientWorkloadEntry)
        throws -> [UInt8]
    {
        let fields = self.fields(shape, entry)
        switch shape {
        case .json(let keyPath, _, _, _):
            return try JSONCEditor.upsert(bytes, path: keyPath, name: entry.name, value: .object(fields))
        case .gooseExtensions:
            return try editYAML(bytes, container: "extensions", kind: .mapping, name: entry.name, expect: fields) {
                try YAMLEditor.upsert($0, container: "extensions", kind: .mapping, name: entry.name, fields: fields)
            }
        case .continueServers:
            return try editYAML(bytes, container: "mcpServers", kind: .sequence, name: entry.name, expect: fields) {
                try YAMLEditor.upsert($0, container: "mcpServers", kind: .sequence, name: entry.name, fields: fields)
            }
        }
    }

    /// `bytes` without the entry named `name`; unchanged when there is none.
    public static func remove(_ bytes: [UInt8], shape: ClientFileSpec.EntryShape, name: String) throws -> [UInt8] {
        switch shape {
        case .json(let keyPath, _, _, _):
            return try JSONCEditor.remove(bytes, path: keyPath, name: name)
        case .gooseExtensions:
            return try editYAML(bytes, container: "extensions", kind: .mapping, name: name, expect: nil) {
                try YAMLEditor.remove($0, container: "extensions", kind: .mapping, name: name)
            }
        case .continueServers:
            return try editYAML(bytes, container: "mcpServers", kind: .sequence, name: name, expect: nil) {
                try YAMLEditor.remove($0, container: "mcpServers", kind: .sequence, name: name)
            }
        }
    }

    /// The fields of `entry` in `shape`, in the order they are written; with its bearer token as an
    /// `Authorization` header when the shape carries headers for the entry's transport.
    static func fields(_ shape: ClientFileSpec.EntryShape, _ entry: ClientWorkloadEntry) -> [ConfigValue.Field] {
        let sse = entry.transport == .sse
        var fields: [ConfigValue.Field]
        switch shape {
        case .json(_, let urlKey, let sseType, let streamableType):
            fields = [ConfigValue.Field(urlKey, .string(entry.url))]
            if let type = sse ? sseType : streamableType { fields.append(.init("type", .string(type))) }
        case .gooseExtensions:
            fields = [
                .init("name", .string(entry.name)), .init("uri", .string(entry.url)),
                .init("type", .string(sse ? "sse" : "streamable_http")), .init("enabled", .bool(true)),
                .init("timeout", .int(60)), .init("description", .string("")),
            ]
        case .continueServers:
            fields = [
                .init("name", .string(entry.name)), .init("type", .string(sse ? "sse" : "streamable-http")),
                .init("url", .string(entry.url)),
            ]
        }
        if let token = entry.bearerToken, shape.carriesHeaders(entry.transport) {
            fields.append(.init("headers", .object([.init("Authorization", .string("Bearer " + token))])))
        }
        return fields
    }

    private static func editYAML(
        _ bytes: [UInt8], container: String, kind: YAMLEditor.Collection, name: String,
        expect: [ConfigValue.Field]?, _ edit: (String) throws -> String
    ) throws -> [UInt8] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HiveKeepError.invalid("is not UTF-8 text")
        }
        let check = YAMLCheck(container: container, kind: kind, name: name)
        let before = try check.compose(text)
        let edited = try edit(text)
        guard edited != text else { return bytes }
        try check.verify(before: before, after: try check.compose(edited), expect: expect)
        return Array(edited.utf8)
    }
}
