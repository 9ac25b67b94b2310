import HiveKeepCore

/// The rules for workload names, checked before any file is touched: a workload name is also a file name.
///
/// A new name (create, edit, import) is made of letters, digits, `.`, `_` and `-` and does not start with a dot, so
/// no workload is hidden on disk (`.name.json`) or special (`.`, `..`). Names saved before that rule are still
/// looked up, stopped and deleted: ``validateExisting(_:)`` refuses only what could leave the state directory.
public enum WorkloadName {
    /// The longest accepted name, in bytes.
    public static let maximumLength = 100

    /// Throws a 400-class error that says what is wrong with `name` as a new workload's name.
    public static func validate(_ name: String) throws {
        if let problem = problem(with: name) {
            throw HiveKeepError.invalid("invalid workload name: \(problem)")
        }
    }

    /// Throws a 400-class error when `name` cannot name a saved workload: the checks of ``problem(with:)`` except
    /// the leading dot, so a workload saved under such a name can still be read and removed.
    public static func validateExisting(_ name: String) throws {
        if let problem = pathProblem(with: name) {
            throw HiveKeepError.invalid("invalid workload name: \(problem)")
        }
    }

    /// What is wrong with `name` as a new workload's name, or nil when it is valid.
    public static func problem(with name: String) -> String? {
        if let problem = pathProblem(with: name) { return problem }
        if name.hasPrefix(".") { return "name cannot start with '.' (it would be hidden on disk)" }
        return nil
    }

    /// What makes `name` unusable as a file name in the state directory, or nil.
    static func pathProblem(with name: String) -> String? {
        if name.isEmpty { return "name cannot be empty" }
        if name.utf8.count > maximumLength { return "name is longer than \(maximumLength) bytes" }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "." || scalar == "_" || scalar == "-"
        }
        if !allowed { return "only letters, digits, '.', '_' and '-' are allowed" }
        if name == "." || name == ".." { return "name cannot be a path traversal" }
        return nil
    }
}
