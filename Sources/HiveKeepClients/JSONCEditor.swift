import HiveKeepCore

/// Sets or removes one named entry inside an object of a JSON-with-comments file, editing only that entry's span.
///
/// Every byte outside the entry (comments, formatting, trailing commas, other entries, key order) is kept. New
/// entries follow the file's indentation and line endings, and keep its trailing-comma style.
enum JSONCEditor {
    /// `bytes` with `entries[name]` set to `value`, where `entries` is the object at `path` (created when missing).
    static func upsert(_ bytes: [UInt8], path: [String], name: String, value: ConfigValue) throws -> [UInt8] {
        let text = JSONCText(bytes)
        guard let root = try text.parse() else {
            let document = ConfigValue.nested(path + [name], value).json(indent: "", unit: "  ", newline: text.newline)
            let separator = bytes.isEmpty || bytes.last == 0x0A ? "" : text.newline
            return bytes + Array((separator + document + text.newline).utf8)
        }
        var object = try text.requireObject(root, path: [])
        var depth = 0
        while depth < path.count, let member = object.members.last(where: { $0.key == path[depth] }) {
            object = try text.requireObject(member.value, path: Array(path[...depth]))
            depth += 1
        }
        if depth == path.count, let existing = object.members.last(where: { $0.key == name }) {
            let indent = text.lineIndent(at: existing.keyStart)
            let rendered = value.json(indent: indent, unit: text.indentUnit(root), newline: text.newline)
            return text.applying([TextEdit(range: existing.value.range, text: rendered)])
        }
        let missing = Array(path.dropFirst(depth)) + [name]
        let inserted = ConfigValue.nested(missing.dropFirst(), value)
        return text.applying(text.insertion(of: missing[0], value: inserted, into: object, root: root))
    }

    /// `bytes` without `entries[name]`, where `entries` is the object at `path`; unchanged when there is none.
    static func remove(_ bytes: [UInt8], path: [String], name: String) throws -> [UInt8] {
        var bytes = bytes
        // A key may appear more than once (the last one wins for readers); remove every occurrence.
        for _ in 0..<64 {
            let text = JSONCText(bytes)
            guard let root = try text.parse() else { return bytes }
            var object = try text.requireObject(root, path: [])
            for (depth, key) in path.enumerated() {
                guard let member = object.members.last(where: { $0.key == key }) else { return bytes }
                guard member.value.kind == .object else { return bytes }
                object = try text.requireObject(member.value, path: Array(path[...depth]))
            }
            guard let index = object.members.lastIndex(where: { $0.key == name }) else { return bytes }
            bytes = text.applying(text.removal(of: index, in: object))
        }
        return bytes
    }
}

/// One replacement of a byte range.
struct TextEdit {
    var range: Range<Int>
    var text: String
}
