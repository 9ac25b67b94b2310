import HiveKeepCore

/// A workload `image` that names a local command rather than a container: `uvx://package[@version]`,
/// `npx://package[@version]` or `exec:///ABSOLUTE/PATH`.
public enum WorkloadCommand: Sendable, Hashable {
    /// A PyPI package run through uv; `version` nil means the newest release.
    case uvx(package: String, version: String?)
    /// An npm package (optionally `@scope/name`); `version` nil means the newest release.
    case npx(package: String, version: String?)
    /// A local executable speaking MCP on stdio; its arguments come from the workload's `cmd_arguments`.
    case exec(path: String)

    /// Parses `image`.
    ///
    /// - Returns: nil when `image` has none of the three schemes (a registry name or a container image).
    /// - Throws: `HiveKeepError` (`.invalidArgument`) for a malformed `uvx://`, `npx://` or `exec://` form.
    public init?(image: String) throws {
        if let rest = image.dropPrefix("uvx://") {
            let (package, version) = try Self.split(rest, scheme: "uvx", scoped: false)
            guard Self.isPythonPackageName(package) else {
                throw HiveKeepError.invalid(
                    "'\(image)' is not a valid uvx image: '\(package)' is not a Python package name")
            }
            self = .uvx(package: package, version: version)
        } else if let rest = image.dropPrefix("npx://") {
            let (package, version) = try Self.split(rest, scheme: "npx", scoped: true)
            guard Self.isNPMPackageName(package) else {
                throw HiveKeepError.invalid(
                    "'\(image)' is not a valid npx image: '\(package)' is not an npm package name")
            }
            self = .npx(package: package, version: version)
        } else if let rest = image.dropPrefix("exec://") {
            guard rest.hasPrefix("/"), !rest.hasPrefix("//") else {
                throw HiveKeepError.invalid("'\(image)' is not a valid exec image: use exec:///ABSOLUTE/PATH")
            }
            let components = rest.split(separator: "/", omittingEmptySubsequences: false)
            guard !rest.hasSuffix("/"), !rest.contains("\0"), !components.contains(where: { $0 == ".." }) else {
                throw HiveKeepError.invalid("'\(image)' is not a valid exec image: the path must name a file")
            }
            self = .exec(path: rest)
        } else {
            return nil
        }
    }

    /// The image string this command was parsed from (in canonical form).
    public var image: String {
        switch self {
        case .uvx(let package, let version): "uvx://\(package)\(version.map { "@\($0)" } ?? "")"
        case .npx(let package, let version): "npx://\(package)\(version.map { "@\($0)" } ?? "")"
        case .exec(let path): "exec://\(path)"
        }
    }

    /// Splits `package[@version]`; for npm a leading `@` belongs to the scope.
    private static func split(_ text: String, scheme: String, scoped: Bool) throws -> (String, String?) {
        let searchStart = scoped && text.hasPrefix("@") ? text.index(after: text.startIndex) : text.startIndex
        guard let at = text[searchStart...].firstIndex(of: "@") else {
            guard !text.isEmpty else { throw HiveKeepError.invalid("\(scheme):// needs a package name") }
            return (text, nil)
        }
        let package = String(text[..<at])
        let version = String(text[text.index(after: at)...])
        guard !package.isEmpty else { throw HiveKeepError.invalid("\(scheme):// needs a package name") }
        guard isVersion(version) else {
            throw HiveKeepError.invalid(
                "'\(scheme)://\(text)' has an invalid version: use letters, digits and . + - _ ! only")
        }
        return (package, version)
    }

    /// A version or tag: non-empty, at most 64 characters, letters, digits and `. + - _ !` (no spaces, no ranges
    /// with shell or requirement syntax such as `>=` or `;`).
    static func isVersion(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || ".+-_!".unicodeScalars.contains($0) }
            && text.unicodeScalars.first?.isASCIIAlphanumeric == true
    }

    /// PEP 508 names: ASCII letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit.
    static func isPythonPackageName(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        return !name.isEmpty && name.utf8.count <= 128
            && scalars.allSatisfy { $0.isASCIIAlphanumeric || "._-".unicodeScalars.contains($0) }
            && scalars.first?.isASCIIAlphanumeric == true && scalars.last?.isASCIIAlphanumeric == true
    }

    /// npm names: optional `@scope/`, then lowercase letters, digits, `.`, `_`, `-`, not starting with `.` or `_`.
    static func isNPMPackageName(_ name: String) -> Bool {
        var parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if name.hasPrefix("@") {
            guard parts.count == 2 else { return false }
            parts[0].removeFirst()
        } else if parts.count != 1 {
            return false
        }
        return name.utf8.count <= 214
            && parts.allSatisfy { part in
                !part.isEmpty && !part.hasPrefix(".") && !part.hasPrefix("_")
                    && part.unicodeScalars.allSatisfy {
                        ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
                    }
            }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
