import Foundation
import Synchronization

/// Compiled regular expressions of a schema, compiled once each.
final class PatternCache: Sendable {
    private let compiled = Mutex<[String: NSRegularExpression]>([:])

    /// The compiled form of the ECMA-262 style `pattern`, or nil when ICU cannot compile it.
    func regex(_ pattern: String) -> NSRegularExpression? {
        if let cached = compiled.withLock({ $0[pattern] }) { return cached }
        // ICU reads `\0` as the start of an octal escape; JSON Schema patterns mean the NUL character.
        let translated = pattern.replacingOccurrences(of: #"\0"#, with: #"\x{0}"#)
        guard let regex = try? NSRegularExpression(pattern: translated) else { return nil }
        compiled.withLock { $0[pattern] = regex }
        return regex
    }
}
