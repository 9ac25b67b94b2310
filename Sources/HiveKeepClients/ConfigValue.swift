/// A small ordered value written into client files: field order is kept so entries read as written.
public indirect enum ConfigValue: Sendable, Hashable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case object([Field])

    /// One field of an object.
    public struct Field: Sendable, Hashable {
        public var key: String
        public var value: ConfigValue
        public init(_ key: String, _ value: ConfigValue) {
            self.key = key
            self.value = value
        }
    }

    /// `value` nested under `keys`, outermost first.
    static func nested(_ keys: some Collection<String>, _ value: ConfigValue) -> ConfigValue {
        keys.reversed().reduce(value) { inner, key in .object([Field(key, inner)]) }
    }

    /// JSON text of a string: quoted, with the escapes JSON requires.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// The value as JSON laid out over lines: nested fields at `indent + unit`, the closing brace at `indent`.
    func json(indent: String, unit: String, newline: String) -> String {
        switch self {
        case .string(let text): return Self.quoted(text)
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .object(let fields) where fields.isEmpty: return "{}"
        case .object(let fields):
            let inner = indent + unit
            let lines = fields.map {
                inner + Self.quoted($0.key) + ": " + $0.value.json(indent: inner, unit: unit, newline: newline)
            }
            return "{" + newline + lines.joined(separator: "," + newline) + newline + indent + "}"
        }
    }

    /// The value as JSON on one line.
    var compactJSON: String {
        switch self {
        case .object(let fields) where !fields.isEmpty:
            "{" + fields.map { Self.quoted($0.key) + ": " + $0.value.compactJSON }.joined(separator: ", ") + "}"
        default: json(indent: "", unit: "", newline: "")
        }
    }
}
