import HiveKeepCore

/// A JSON-with-comments document being edited: its bytes, its layout conventions and the span arithmetic.
struct JSONCText {
    let bytes: [UInt8]
    /// The file's line ending: CRLF when it uses one, LF otherwise.
    let newline: String

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        let hasCRLF = zip(bytes, bytes.dropFirst()).contains { $0 == 0x0D && $1 == 0x0A }
        self.newline = hasCRLF ? "\r\n" : "\n"
    }

    func parse() throws -> JSONCScanner.Value? {
        do {
            return try JSONCScanner.parse(bytes)
        } catch {
            throw HiveKeepError.invalid("is not valid JSON: \(error.message) at line \(line(of: error.offset))")
        }
    }

    func line(of offset: Int) -> Int { bytes[..<min(offset, bytes.count)].count { $0 == 0x0A } + 1 }

    func requireObject(_ value: JSONCScanner.Value, path: [String]) throws -> JSONCScanner.Value {
        guard value.kind == .object else {
            let where_ = path.isEmpty ? "its top level" : "'" + path.joined(separator: ".") + "'"
            throw HiveKeepError.invalid("cannot be edited: \(where_) is not a JSON object")
        }
        return value
    }

    func applying(_ edits: [TextEdit]) -> [UInt8] {
        var result = bytes
        // From the end, so offsets stay valid; of two edits at one offset, the earlier one ends up first.
        let ordered = edits.enumerated().sorted {
            ($0.element.range.lowerBound, $0.offset) > ($1.element.range.lowerBound, $1.offset)
        }
        for (_, edit) in ordered {
            result.replaceSubrange(edit.range, with: Array(edit.text.utf8))
        }
        return result
    }

    private func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    private func isSpace(_ byte: UInt8) -> Bool { isBlank(byte) || byte == 0x0A || byte == 0x0D }

    func lineStart(_ offset: Int) -> Int {
        var index = offset
        while index > 0 && bytes[index - 1] != 0x0A { index -= 1 }
        return index
    }

    /// The spaces and tabs that start the line holding `offset`.
    func lineIndent(at offset: Int) -> String {
        let start = lineStart(offset)
        var end = start
        while end < bytes.count && isBlank(bytes[end]) { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// True when only spaces and tabs come between the start of its line and `offset`.
    func startsLine(_ offset: Int) -> Bool { bytes[lineStart(offset)..<offset].allSatisfy(isBlank) }

    /// The offset just past the newline ending the line of `offset`, when only spaces and tabs come before it.
    func endOfBlankRest(_ offset: Int) -> Int? {
        var index = offset
        while index < bytes.count && (isBlank(bytes[index]) || bytes[index] == 0x0D) { index += 1 }
        if index == bytes.count { return index }
        return bytes[index] == 0x0A ? index + 1 : nil
    }

    /// One indentation step: the first member's indent relative to the top object's line, else two spaces.
    func indentUnit(_ root: JSONCScanner.Value) -> String {
        guard let first = root.members.first, startsLine(first.keyStart) else { return "  " }
        let base = lineIndent(at: root.range.lowerBound)
        let member = lineIndent(at: first.keyStart)
        return member.count > base.count && member.hasPrefix(base) ? String(member.dropFirst(base.count)) : "  "
    }

    /// The edits that add `"key": value` as the last member of `object`.
    func insertion(
        of key: String, value: ConfigValue, into object: JSONCScanner.Value, root: JSONCScanner.Value
    ) -> [TextEdit] {
        let close = object.range.upperBound - 1
        let interior = bytes[object.range.lowerBound..<close]
        if let last = object.members.last, !interior.contains(0x0A) {
            let member = " " + ConfigValue.quoted(key) + ": " + value.compactJSON
            if let comma = last.comma { return [TextEdit(range: comma + 1..<comma + 1, text: member + ",")] }
            let end = last.value.range.upperBound
            return [TextEdit(range: end..<end, text: "," + member)]
        }
        let base = lineIndent(at: object.range.lowerBound)
        let unit = indentUnit(root)
        let indent =
            object.members.first.flatMap { startsLine($0.keyStart) ? lineIndent(at: $0.keyStart) : nil }
            ?? base + unit
        var point = close
        while point > object.range.lowerBound + 1 && isSpace(bytes[point - 1]) { point -= 1 }
        var text =
            newline + indent + ConfigValue.quoted(key) + ": "
            + value.json(indent: indent, unit: unit, newline: newline)
        var edits: [TextEdit] = []
        if let last = object.members.last {
            if last.comma != nil {
                text += ","
            } else {
                let end = last.value.range.upperBound
                edits.append(TextEdit(range: end..<end, text: ","))
            }
        }
        if !bytes[point..<close].contains(0x0A) { text += newline + base }
        edits.append(TextEdit(range: point..<point, text: text))
        return edits
    }

    /// The edits that remove member `index` of `object`, its comma and, when it had them alone, its lines.
    func removal(of index: Int, in object: JSONCScanner.Value) -> [TextEdit] {
        let member = object.members[index]
        let valueEnd = member.value.range.upperBound
        if let comma = member.comma {
            if startsLine(member.keyStart), let end = endOfBlankRest(comma + 1) {
                return [TextEdit(range: lineStart(member.keyStart)..<end, text: "")]
            }
            var end = comma + 1
            while end < bytes.count && isBlank(bytes[end]) { end += 1 }
            return [TextEdit(range: member.keyStart..<end, text: "")]
        }
        var edits: [TextEdit] = []
        if index > 0, let previous = object.members[index - 1].comma {
            if bytes[previous + 1..<member.keyStart].allSatisfy(isSpace) {
                return [TextEdit(range: previous..<valueEnd, text: "")]
            }
            edits.append(TextEdit(range: previous..<previous + 1, text: ""))
        }
        var removed = member.keyStart..<valueEnd
        if startsLine(member.keyStart), let end = endOfBlankRest(valueEnd) {
            removed = lineStart(member.keyStart)..<end
        }
        let interior = object.range.lowerBound + 1..<object.range.upperBound - 1
        if index == 0 {
            let rest = bytes[interior.lowerBound..<removed.lowerBound] + bytes[removed.upperBound..<interior.upperBound]
            if rest.allSatisfy(isSpace) { removed = interior }
        }
        edits.append(TextEdit(range: removed, text: ""))
        return edits
    }
}
