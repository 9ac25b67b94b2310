import Foundation

/// The `format` values the registry schema uses. Unknown formats always pass, as JSON Schema says.
enum SchemaFormats {
    static func isValid(_ string: String, format: String) -> Bool {
        switch format {
        case "date-time": isDateTime(string)
        case "uri": isURI(string)
        case "hostname": isHostname(string)
        default: true
        }
    }

    /// RFC 3339 date-time, such as `2026-01-26T00:20:52Z` or `2026-01-26T00:20:52.5+01:00`.
    static func isDateTime(_ string: String) -> Bool {
        string.wholeMatch(of: /\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})/) != nil
    }

    /// An absolute URI: a scheme, a colon and something after it, with no spaces.
    static func isURI(_ string: String) -> Bool {
        string.wholeMatch(of: /[A-Za-z][A-Za-z0-9+.-]*:[^\s]+/) != nil
    }

    /// An RFC 1123 host name.
    static func isHostname(_ string: String) -> Bool {
        guard !string.isEmpty, string.utf8.count <= 253 else { return false }
        return string.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            label.wholeMatch(of: /[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?/) != nil
        }
    }
}
