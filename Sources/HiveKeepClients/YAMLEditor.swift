import Foundation
import HiveKeepCore

/// Sets or removes one named entry of a top-level block collection in a YAML file, editing only that entry's
/// lines: a mapping `<container>.<name>` (Goose) or the item of a sequence `<container>` whose `name` matches
/// (Continue). Every other line is kept byte for byte.
enum YAMLEditor {
    /// The kind of collection holding the entries.
    enum Collection {
        case mapping
        case sequence
    }

    /// `text` with the entry `name` of `container` set to `fields`.
    static func upsert(
        _ text: String, container: String, kind: Collection, name: String, fields: [ConfigValue.Field]
    ) throws -> String {
        var document = YAMLLines(text)
        let unit = indentUnit(document)
        guard let (keyLine, block) = try locate(&document, container: container) else {
            if let last = document.lines.indices.last, !document.lines[last].hasSuffix("\n") {
                document.lines[last] += document.newline
            }
            document.lines.append(container + ":" + document.newline)
            document.lines += render(kind, name: name, fields: fields, indent: unit, unit: unit, document.newline)
            return document.text
        }
        let indent = block.isEmpty ? unit : document.indent(block.lowerBound)
        let lines = render(kind, name: name, fields: fields, indent: indent, unit: unit, document.newline)
        if let span = entries(document, block: block, indent: indent, kind: kind).first(where: { $0.name == name }) {
            document.lines.replaceSubrange(span.lines, with: lines)
        } else {
            let after = block.isEmpty ? keyLine : block.upperBound - 1
            if !document.lines[after].hasSuffix("\n") { document.lines[after] += document.newline }
            document.lines.insert(contentsOf: lines, at: after + 1)
        }
        return document.text
    }

    /// `text` without the entry `name` of `container`; unchanged when there is none.
    static func remove(_ text: String, container: String, kind: Collection, name: String) throws -> String {
        var document = YAMLLines(text)
        guard let (keyLine, block) = try locate(&document, container: container), !block.isEmpty else { return text }
        let found = entries(document, block: block, indent: document.indent(block.lowerBound), kind: kind)
        guard let span = found.first(where: { $0.name == name }) else { return text }
        document.lines.removeSubrange(span.lines)
        if found.count == 1 {
            // An empty block would read as null; write an empty collection instead.
            let body = document.body(keyLine)
            let ending = document.lines[keyLine].dropFirst(body.count)
            let empty = kind == .mapping ? "{}" : "[]"
            let rest = YAMLLines.keyAndRest(body)?.rest ?? ""
            let comment = rest.drop { $0 == " " || $0 == "\t" }
            document.lines[keyLine] =
                body.dropLast(rest.count) + " " + empty + (comment.isEmpty ? "" : " " + comment) + ending
        }
        return document.text
    }

    /// The line of `container` at the top level and its block; an empty flow collection on the key's line is
    /// turned into an empty block. Nil when the key is absent.
    private static func locate(_ document: inout YAMLLines, container: String) throws -> (Int, Range<Int>)? {
        let keyLine = document.lines.indices.last { index in
            document.isContent(index) && document.indent(index) == 0
                && YAMLLines.keyAndRest(document.body(index))?.key == container
        }
        guard let keyLine, let (_, rest) = YAMLLines.keyAndRest(document.body(keyLine)) else { return nil }
        let value = YAMLLines.scalar(rest)
        if value == "{}" || value == "[]" {
            let body = document.body(keyLine)
            let ending = document.lines[keyLine].dropFirst(body.count)
            let restText = String(rest)
            let cleaned = restText.replacingOccurrences(of: value, with: "").drop { $0 == " " }
            let keyPart = body.dropLast(rest.count)
            document.lines[keyLine] = keyPart + (cleaned.isEmpty ? "" : " " + cleaned) + ending
        } else if !value.isEmpty && value != "~" && value != "null" {
            throw HiveKeepError.invalid("cannot be edited: '\(container)' is not a block collection")
        }
        return (keyLine, document.block(after: keyLine, parentIndent: 0))
    }

    /// The entries of a block: each one's name and its lines (trailing blank and comment lines excluded).
    private static func entries(
        _ document: YAMLLines, block: Range<Int>, indent: Int, kind: Collection
    ) -> [(name: String?, lines: Range<Int>)] {
        let starts = block.filter { index in
            guard document.isContent(index), document.indent(index) == indent else { return false }
            return kind == .mapping || YAMLLines.isItem(document.body(index).dropFirst(indent))
        }
        return starts.enumerated().map { position, start in
            var end = position + 1 < starts.count ? starts[position + 1] : block.upperBound
            while end > start + 1 && !document.isContent(end - 1) { end -= 1 }
            return (name(document, start: start, end: end, indent: indent, kind: kind), start..<end)
        }
    }

    private static func name(_ document: YAMLLines, start: Int, end: Int, indent: Int, kind: Collection) -> String? {
        let first = document.body(start).dropFirst(indent)
        guard kind == .sequence else { return YAMLLines.keyAndRest(first)?.key }
        let afterDash = first.dropFirst().drop { $0 == " " }
        if let (key, rest) = YAMLLines.keyAndRest(afterDash), key == "name" { return YAMLLines.scalar(rest) }
        let keyColumn = first.count - afterDash.count + indent
        for index in start + 1..<end where document.isContent(index) && document.indent(index) == keyColumn {
            if let (key, rest) = YAMLLines.keyAndRest(document.body(index).dropFirst(keyColumn)), key == "name" {
                return YAMLLines.scalar(rest)
            }
        }
        return nil
    }

    private static func indentUnit(_ document: YAMLLines) -> Int {
        let indents = document.lines.indices.filter(document.isContent).map(document.indent).filter { $0 > 0 }
        return min(indents.min() ?? 2, 8)
    }

    private static func render(
        _ kind: Collection, name: String, fields: [ConfigValue.Field], indent: Int, unit: Int, _ newline: String
    ) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch kind {
        case .mapping:
            let inner = String(repeating: " ", count: indent + unit)
            return [pad + YAMLLines.key(name) + ":" + newline]
                + fields.map { inner + YAMLLines.key($0.key) + ": " + scalar($0.value) + newline }
        case .sequence:
            return fields.enumerated().map { index, field in
                pad + (index == 0 ? "- " : "  ") + YAMLLines.key(field.key) + ": " + scalar(field.value) + newline
            }
        }
    }

    private static func scalar(_ value: ConfigValue) -> String {
        // An object (the headers) is written as a JSON flow mapping, which is YAML too.
        value.compactJSON
    }
}
