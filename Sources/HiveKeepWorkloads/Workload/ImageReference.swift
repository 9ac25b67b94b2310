import HiveKeepCore

/// An OCI image reference (`[registry[:port]/]path[:tag][@algorithm:digest]`), checked against the grammar of the
/// distribution project's `reference` package: lower-case path components separated by `/`, each made of
/// alphanumerics joined by `.`, `_`, `__` or dashes; a registry host first when the first component has a `.` or a
/// `:` or is `localhost`; a tag of at most 128 word characters, dots and dashes; a digest `algorithm:hex`.
public struct ImageReference: Sendable, Hashable {
    /// The registry host (with its port), nil for the engine's default registry.
    public var registry: String?
    /// The repository path, e.g. `stackloklabs/osv-mcp/server`.
    public var path: String
    public var tag: String?
    public var digest: String?

    /// Parses `text`; throws a 400 that says what part is malformed.
    public init(parsing text: String) throws {
        func refuse(_ why: String) -> HiveKeepError {
            HiveKeepError.invalid("invalid image reference \(text): \(why)")
        }
        guard !text.isEmpty, text.utf8.count <= 512, text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 })
        else { throw refuse("it must be 1-512 printable ASCII characters without spaces") }
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            let digest = String(rest[rest.index(after: at)...])
            guard Self.isDigest(digest) else { throw refuse("the digest must be algorithm:hex (e.g. sha256:…)") }
            self.digest = digest
            rest = rest[..<at]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if let last = components.last, let colon = last.lastIndex(of: ":") {
            let tag = String(last[last.index(after: colon)...])
            guard Self.isTag(tag) else { throw refuse("the tag must be 1-128 letters, digits, '_', '.' or '-'") }
            self.tag = tag
            components[components.count - 1] = String(last[..<colon])
        }
        if components.count > 1, let first = components.first,
            first.contains(".") || first.contains(":") || first == "localhost" || first != first.lowercased()
        {
            guard Self.isRegistry(first) else { throw refuse("the registry host \(first) is malformed") }
            registry = first
            components.removeFirst()
        }
        guard components.allSatisfy(Self.isPathComponent) else {
            throw refuse("each path component must be lower-case letters and digits joined by '.', '_' or '-'")
        }
        path = components.joined(separator: "/")
        guard ((registry.map { $0.count + 1 } ?? 0) + path.count) <= 255 else {
            throw refuse("the name is longer than 255 characters")
        }
    }

    private static func isAlnumLower(_ c: Character) -> Bool { c.isASCII && (c.isNumber || c.isLowercase) }

    static func isPathComponent(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last, isAlnumLower(first), isAlnumLower(last) else {
            return false
        }
        var separator = ""
        for c in text {
            if isAlnumLower(c) {
                guard ["", "_", "__", "."].contains(separator) || separator.allSatisfy({ $0 == "-" }) else {
                    return false
                }
                separator = ""
            } else if c == "." || c == "_" || c == "-" {
                separator.append(c)
            } else {
                return false
            }
        }
        return true
    }

    static func isRegistry(_ text: String) -> Bool {
        var host = Substring(text)
        if let colon = text.lastIndex(of: ":") {
            let port = text[text.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber) else {
                return false
            }
            host = text[..<colon]
        }
        return !host.isEmpty
            && host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
                guard let first = label.first, let last = label.last else { return false }
                return first.isASCII && (first.isLetter || first.isNumber) && last.isASCII
                    && (last.isLetter || last.isNumber)
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
    }

    static func isTag(_ text: String) -> Bool {
        guard let first = text.first, text.count <= 128, first.isASCII, first.isLetter || first.isNumber || first == "_"
        else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }

    static func isDigest(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].count >= 32 else { return false }
        return parts[0].allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "+._-".contains($0)) }
            && parts[1].allSatisfy(\.isHexDigit) && parts[1] == parts[1].lowercased()
    }

    /// Whether `image` is meant as a container image rather than a registry entry's name: a registry name never has
    /// a `/`, `:` or `@`.
    public static func looksLikeImage(_ image: String) -> Bool {
        image.contains("/") || image.contains(":") || image.contains("@")
    }
}
