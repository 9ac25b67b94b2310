import Foundation

/// `application/x-www-form-urlencoded` (the WHATWG URL standard's serializer): the token endpoint's body and the
/// authorization URL's query.
enum FormEncoding {
    private static let unreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._*")
        return set
    }()

    /// One name or value, with spaces as `+` (a form body) or `%20` (`spaceAsPlus` false: a URL query that any
    /// reader decodes alike).
    static func escape(_ text: String, spaceAsPlus: Bool = true) -> String {
        var escaped = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte == 0x20, spaceAsPlus {
                escaped += "+"
            } else if byte < 0x80, unreserved.contains(scalar) {
                escaped.unicodeScalars.append(scalar)
            } else {
                escaped += String(format: "%%%02X", byte)
            }
        }
        return escaped
    }

    /// `name=value&...` in the given order.
    static func encode(_ pairs: [(String, String)], spaceAsPlus: Bool = true) -> String {
        pairs.map { "\(escape($0.0, spaceAsPlus: spaceAsPlus))=\(escape($0.1, spaceAsPlus: spaceAsPlus))" }
            .joined(separator: "&")
    }

    /// The pairs of a query or form body, `+` read as a space.
    static func decode(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func unescape(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (unescape(parts[0]), parts.count > 1 ? unescape(parts[1]) : "")
        }
    }
}
