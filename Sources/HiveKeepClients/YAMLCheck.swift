import HiveKeepCore
import Yams

/// Checks a YAML edit with Yams: apart from the one entry, the documents before and after must be equal.
struct YAMLCheck {
    let container: String
    let kind: YAMLEditor.Collection
    let name: String

    func compose(_ text: String) throws -> Node? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw HiveKeepError.invalid("is not valid YAML")
        }
        if let node, node.mapping == nil {
            throw HiveKeepError.invalid("cannot be edited: its top level is not a mapping")
        }
        return node
    }

    func verify(before: Node?, after: Node?, expect: [ConfigValue.Field]?) throws {
        let entry = after.flatMap(self.entry)
        let entryMatches: Bool
        if let expect {
            entryMatches = expect.allSatisfy { field in
                guard let value = entry?.mapping?[field.key] else { return false }
                return Self.matches(value, field.value)
            }
        } else {
            entryMatches = entry == nil
        }
        guard entryMatches, stripped(before) == stripped(after) else {
            throw HiveKeepError(.internalError, "editing the YAML file would change more than the HiveKeep entry")
        }
    }

    /// Whether `node` holds `value` (an object field by field).
    private static func matches(_ node: Node, _ value: ConfigValue) -> Bool {
        guard case .object(let fields) = value else { return node.string == text(value) }
        return fields.allSatisfy { field in node.mapping?[field.key].map { matches($0, field.value) } ?? false }
    }

    private static func text(_ value: ConfigValue) -> String? {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .object: nil
        }
    }

    /// The entry as it is in `text` now, or nil when there is none.
    func entry(in text: String) throws -> Node? {
        try compose(text).flatMap(entry)
    }

    private func entry(_ root: Node) -> Node? {
        guard let collection = root.mapping?[container] else { return nil }
        switch kind {
        case .mapping: return collection.mapping?[name]
        case .sequence: return collection.sequence?.last { $0.mapping?["name"]?.string == name }
        }
    }

    /// The document without the entry, and without the container when that leaves it empty or null.
    private func stripped(_ root: Node?) -> Node? {
        guard var mapping = root?.mapping else { return root }
        guard let collection = mapping[container] else { return mapping.isEmpty ? nil : root }
        var empty =
            collection.scalar != nil
            && (collection.string == "" || collection.string == "~" || collection.string == "null")
        if var inner = collection.mapping {
            inner[name] = nil
            empty = inner.isEmpty
            mapping[container] = .mapping(inner)
        } else if let sequence = collection.sequence {
            let kept = sequence.filter { $0.mapping?["name"]?.string != name }
            empty = kept.isEmpty
            mapping[container] = .sequence(Node.Sequence(kept))
        }
        if empty { mapping[container] = nil }
        return mapping.isEmpty ? nil : .mapping(mapping)
    }
}
