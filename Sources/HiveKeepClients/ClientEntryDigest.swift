import Crypto
import Foundation
import HiveKeepCore
import Yams

/// A digest of one entry's value that survives reformatting: key order, indentation, comments, quoting style and
/// string escapes do not change it; any change of a key or a value does.
///
/// Scalars compare by their text (`60` and `"60"` are the same), objects by their sorted members. HiveKeep never
/// writes arrays, so an array is compared by its raw text: any array in an entry makes it differ from HiveKeep's.
enum ClientEntryDigest {
    /// The digest of the entry HiveKeep writes with `fields`.
    static func of(_ fields: [ConfigValue.Field]) -> String {
        digest(Canonical(.object(fields)))
    }

    /// The digest of the entry `name` as it is in `bytes` now, or nil when the file has no such entry.
    static func current(_ bytes: [UInt8], shape: ClientFileSpec.EntryShape, name: String) throws -> String? {
        try tree(bytes, shape: shape, name: name).map(digest)
    }

    /// The entry `name` as it is in `bytes` now, in normal form, or nil when the file has no such entry.
    static func tree(_ bytes: [UInt8], shape: ClientFileSpec.EntryShape, name: String) throws -> Canonical? {
        switch shape {
        case .json(let keyPath, _, _, _):
            let text = JSONCText(bytes)
            guard var value = try text.parse() else { return nil }
            for key in keyPath + [name] {
                guard value.kind == .object, let member = value.members.last(where: { $0.key == key }) else {
                    return nil
                }
                value = member.value
            }
            return Canonical(value, in: bytes)
        case .gooseExtensions:
            return try yamlEntry(bytes, container: "extensions", kind: .mapping, name: name).map(Canonical.init)
        case .continueServers:
            return try yamlEntry(bytes, container: "mcpServers", kind: .sequence, name: name).map(Canonical.init)
        }
    }

    private static func yamlEntry(
        _ bytes: [UInt8], container: String, kind: YAMLEditor.Collection, name: String
    ) throws -> Node? {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HiveKeepError.invalid("is not UTF-8 text")
        }
        return try YAMLCheck(container: container, kind: kind, name: name).entry(in: text)
    }

    private static func digest(_ value: Canonical) -> String {
        SHA256.hash(data: Array(value.text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// An entry's value in the normal form the digest is taken of.
indirect enum Canonical {
    case scalar(String)
    case object([(String, Canonical)])
    case raw(String)

    init(_ value: ConfigValue) {
        switch value {
        case .string(let text): self = .scalar(text)
        case .bool(let flag): self = .scalar(flag ? "true" : "false")
        case .int(let number): self = .scalar(String(number))
        case .object(let fields): self = .object(fields.map { ($0.key, Canonical($0.value)) })
        }
    }

    init(_ value: JSONCScanner.Value, in bytes: [UInt8]) {
        let raw = String(decoding: bytes[value.range], as: UTF8.self)
        switch value.kind {
        case .object: self = .object(value.members.map { ($0.key, Canonical($0.value, in: bytes)) })
        case .array: self = .raw(raw)
        case .scalar:
            if raw.hasPrefix("\""), let text = try? JSONDecoder().decode(String.self, from: Data(raw.utf8)) {
                self = .scalar(text)
            } else {
                self = raw == "null" ? .raw(raw) : .scalar(raw)
            }
        }
    }

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar): self = .scalar(scalar.string)
        case .mapping(let mapping): self = .object(mapping.map { ($0.key.string ?? "", Canonical($0.value)) })
        case .sequence(let sequence):
            self = .raw("[" + sequence.map { Canonical($0).text }.joined(separator: ",") + "]")
        case .alias: self = .raw("*alias")
        }
    }

    /// The member `key` of an object (the last of duplicates).
    subscript(key: String) -> Canonical? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.0 == key }?.1
    }

    /// The text of a scalar.
    var scalarText: String? {
        if case .scalar(let text) = self { return text }
        return nil
    }

    var text: String {
        switch self {
        case .scalar(let text): return ConfigValue.quoted(text)
        case .raw(let text): return "raw:" + ConfigValue.quoted(text)
        case .object(let members):
            // Of duplicate keys the last one counts, as readers of these files take it.
            var last: [String: Canonical] = [:]
            for (key, value) in members { last[key] = value }
            let sorted = last.keys.sorted().map { ConfigValue.quoted($0) + ":" + (last[$0]?.text ?? "") }
            return "{" + sorted.joined(separator: ",") + "}"
        }
    }
}
