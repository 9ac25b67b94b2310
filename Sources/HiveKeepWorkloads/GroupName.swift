import HiveKeepCore

/// The reference's rules for group names, checked before any file is touched.
///
/// A name is non-empty, lower case, made of `a-z`, `0-9`, `_`, `-` and single inner spaces. HiveKeep is stricter
/// than the reference in two ways, both listed in `docs/reference-differences.yaml`: the only whitespace allowed is
/// the space (the reference's `\s` also lets tabs and newlines through), and a name has at most 100 characters (a
/// group is a file, and file names are limited).
public enum GroupName {
    /// The longest accepted name.
    public static let maximumLength = 100

    /// Throws a 400-class error that says what is wrong with `name`.
    public static func validate(_ name: String) throws {
        if let problem = problem(with: name) {
            throw HiveKeepError.invalid("invalid group name: \(problem)")
        }
    }

    /// What is wrong with `name`, or nil when it is valid.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "name cannot be empty" }
        if name.unicodeScalars.count > maximumLength { return "name is longer than \(maximumLength) characters" }
        if name.unicodeScalars.contains("\0") { return "name cannot contain NUL" }
        if name != name.lowercased() { return "name must be lowercase" }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
                || scalar == " "
        }
        if !allowed {
            return "name may contain only lowercase letters, digits, '_', '-' and spaces"
        }
        if name.hasPrefix(" ") || name.hasSuffix(" ") { return "name cannot have leading or trailing whitespace" }
        if name.contains("  ") { return "name cannot contain consecutive spaces" }
        return nil
    }
}
