import HiveKeepCore

/// Kubernetes object names and Secret keys made from HiveKeep names.
public enum KubernetesName {
    /// The longest DNS-1123 subdomain, the limit of most object names.
    public static let maximumLength = 253

    /// `name` as a DNS-1123 subdomain: lower-cased, every character other than `a-z`, `0-9`, `-` and `.` replaced by
    /// `-`, leading and trailing `-` and `.` removed, at most 253 characters.
    ///
    /// - Throws: `.invalidArgument` when nothing is left (a name made only of such characters).
    public static func object(_ name: String) throws -> String {
        let mapped = String(
            name.lowercased().map { character -> Character in
                character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == ".")
                    ? character : "-"
            })
        let trimmed = mapped.trimmingEdges { $0 == "-" || $0 == "." }
        let result = String(trimmed.prefix(maximumLength)).trimmingEdges { $0 == "-" || $0 == "." }
        guard !result.isEmpty else {
            throw HiveKeepError.invalid("'\(name)' cannot be made into a Kubernetes name")
        }
        return result
    }

    /// `name` as a key of a Secret's data: characters other than `A-Z`, `a-z`, `0-9`, `-`, `_` and `.` replaced by
    /// `_`.
    public static func secretKey(_ name: String) -> String {
        String(
            name.map { character -> Character in
                character.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character))
                    ? character : "_"
            })
    }
}

extension String {
    fileprivate func trimmingEdges(_ drop: (Character) -> Bool) -> String {
        var slice = Substring(self)
        while let first = slice.first, drop(first) { slice.removeFirst() }
        while let last = slice.last, drop(last) { slice.removeLast() }
        return String(slice)
    }
}
