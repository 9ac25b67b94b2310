/// A YAML document as lines, each kept byte for byte with its line ending, plus the little block-structure
/// reading the client editors need (indentation, comments, keys, scalars).
struct YAMLLines {
    /// The lines, each with its own line ending (the last one may have none).
    var lines: [String]

    init(_ text: String) {
        var lines: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" || character == "\r\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        self.lines = lines
    }

    var text: String { lines.joined() }

    /// The file's line ending.
    var newline: String { lines.first { $0.hasSuffix("\r\n") } != nil ? "\r\n" : "\n" }

    /// The line without its ending.
    func body(_ index: Int) -> Substring {
        var line = Substring(lines[index])
        while let last = line.last, last == "\n" || last == "\r\n" || last == "\r" { line = line.dropLast() }
        return line
    }

    func indent(_ index: Int) -> Int { body(index).prefix { $0 == " " }.count }

    /// True for a line that carries content: not blank, not only a comment.
    func isContent(_ index: Int) -> Bool {
        let trimmed = body(index).drop { $0 == " " || $0 == "\t" }
        return !trimmed.isEmpty && !trimmed.hasPrefix("#")
    }

    /// The content lines after `start` that belong to the block whose parent sits at `parentIndent`: they are
    /// indented deeper, or (for a sequence) start with `- ` at the parent's indent. Trailing blank and comment
    /// lines are left out. Returns the half-open range of line indices.
    func block(after start: Int, parentIndent: Int) -> Range<Int> {
        var end = start + 1
        var index = start + 1
        while index < lines.count {
            if isContent(index) {
                let deeper = indent(index) > parentIndent
                let item = indent(index) == parentIndent && Self.isItem(body(index).dropFirst(parentIndent))
                guard deeper || item else { break }
                end = index + 1
            }
            index += 1
        }
        return start + 1..<end
    }

    /// True when `text` starts a sequence item.
    static func isItem(_ text: Substring) -> Bool { text == "-" || text.hasPrefix("- ") }

    /// The key of a `key: value` line (starting at `text`), and the text after the colon, or nil.
    static func keyAndRest(_ text: Substring) -> (key: String, rest: Substring)? {
        if let quote = text.first, quote == "\"" || quote == "'" {
            guard let (key, after) = quotedScalar(text), after.hasPrefix(":") else { return nil }
            let rest = after.dropFirst()
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
            return (key, rest)
        }
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == ":" {
                let next = text.index(after: index)
                if next == text.endIndex || text[next] == " " || text[next] == "\t" {
                    let key = text[..<index].trimmingTrailingBlanks
                    return key.isEmpty || key.hasPrefix("#") ? nil : (String(key), text[next...])
                }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The value of a scalar (plain, single- or double-quoted) with any trailing comment removed.
    static func scalar(_ text: Substring) -> String {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        if let (value, _) = quotedScalar(trimmed) { return value }
        var end = trimmed.endIndex
        if let hash = trimmed.firstRange(of: " #") { end = hash.lowerBound }
        return String(trimmed[..<end].trimmingTrailingBlanks)
    }

    /// A quoted scalar at the start of `text` and what follows it.
    static func quotedScalar(_ text: Substring) -> (String, Substring)? {
        guard let quote = text.first, quote == "\"" || quote == "'" else { return nil }
        var value = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if character == quote {
                if quote == "'" && index < text.endIndex && text[index] == "'" {
                    value.append("'")
                    index = text.index(after: index)
                    continue
                }
                return (value, text[index...])
            }
            if quote == "\"" && character == "\\" && index < text.endIndex {
                let escaped = text[index]
                index = text.index(after: index)
                let map: [Character: String] = ["n": "\n", "t": "\t", "r": "\r", "\"": "\"", "\\": "\\", "/": "/"]
                value += map[escaped] ?? "\\\(escaped)"
                continue
            }
            value.append(character)
        }
        return nil
    }

    /// A YAML key: plain when that is safe, double-quoted otherwise.
    static func key(_ text: String) -> String {
        let safe =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "_" || scalar == "-" || scalar == "."
            } && !text.hasPrefix("-")
        return safe ? text : ConfigValue.quoted(text)
    }
}

extension Substring {
    fileprivate var trimmingTrailingBlanks: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
