import HiveKeepCore

/// The reference's rules for workload names, checked before any file is touched: a workload name is also a file name.
public enum WorkloadName {
    /// The longest accepted name, in bytes.
    public static let maximumLength = 100

    /// Throws a 400-class error that says what is wrong with `name`.
    public static func validate(_ name: String) throws {
        if let problem = problem(with: name) {
            throw HiveKeepError.invalid("invalid workload name: \(problem)")
        }
    }

    /// What is wrong with `name`, or nil when it is valid.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "name cannot be empty" }
        if name.utf8.count > maximumLength { return "name is longer than \(maximumLength) bytes" }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "." || scalar == "_" || scalar == "-"
        }
        if !allowed { return "only letters, digits, '.', '_' and '-' are allowed" }
        if name.hasPrefix("..") || name == "." { return "name cannot be a path traversal" }
        return nil
    }
}
