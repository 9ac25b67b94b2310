import Foundation
import HiveKeepCore

extension SchemaValidator {
    func checkString(_ string: String, _ keywords: [String: JSONValue], fail: (String) -> Void) {
        if case .int(let minimum) = keywords["minLength"], string.count < minimum {
            fail("must be at least \(minimum) characters long")
        }
        if case .int(let maximum) = keywords["maxLength"], string.count > maximum {
            fail("must be at most \(maximum) characters long")
        }
        if let pattern = keywords["pattern"]?.stringValue, !matches(string, pattern: pattern) {
            fail("must match the pattern \(pattern)")
        }
        if let format = keywords["format"]?.stringValue, !SchemaFormats.isValid(string, format: format) {
            fail("must be a valid \(format)")
        }
    }

    func checkNumber(_ value: JSONValue, _ keywords: [String: JSONValue], fail: (String) -> Void) {
        let number: Double
        switch value {
        case .int(let integer): number = Double(integer)
        case .double(let double): number = double
        default: return
        }
        if let minimum = Self.number(keywords["minimum"]), number < minimum { fail("must be at least \(minimum)") }
        if let maximum = Self.number(keywords["maximum"]), number > maximum { fail("must be at most \(maximum)") }
    }

    func checkArray(
        _ items: [JSONValue], _ keywords: [String: JSONValue], path: String, into violations: inout [Violation]
    ) {
        if case .int(let minimum) = keywords["minItems"], items.count < minimum {
            violations.append(Violation(path: path, message: "must have at least \(minimum) item(s)"))
        }
        if keywords["uniqueItems"] == .bool(true), Set(items).count != items.count {
            violations.append(Violation(path: path, message: "must not contain duplicate items"))
        }
        if let itemSchema = keywords["items"] {
            for (index, item) in items.enumerated() {
                check(item, against: itemSchema, path: "\(path)[\(index)]", into: &violations)
            }
        }
    }

    func checkObject(
        _ members: [String: JSONValue], _ keywords: [String: JSONValue], path: String,
        into violations: inout [Violation]
    ) {
        if case .array(let required) = keywords["required"] {
            for name in required.compactMap(\.stringValue) where members[name] == nil {
                violations.append(Violation(path: path, message: "is missing the required member '\(name)'"))
            }
        }
        let properties = keywords["properties"]?.objectValue ?? [:]
        let patternProperties = keywords["patternProperties"]?.objectValue ?? [:]
        for name in members.keys.sorted() {
            guard let value = members[name] else { continue }
            let memberPath = Self.memberPath(path, name)
            var matched = false
            if let schema = properties[name] {
                matched = true
                check(value, against: schema, path: memberPath, into: &violations)
            }
            for (pattern, schema) in patternProperties where matches(name, pattern: pattern) {
                matched = true
                check(value, against: schema, path: memberPath, into: &violations)
            }
            guard !matched, let additional = keywords["additionalProperties"] else { continue }
            if additional == .bool(false) {
                let hint = patternProperties.isEmpty ? "" : " (names must match \(patternProperties.keys.sorted()[0]))"
                violations.append(Violation(path: memberPath, message: "is not an allowed member\(hint)"))
            } else if case .object = additional {
                check(value, against: additional, path: memberPath, into: &violations)
            }
        }
    }

    func matches(_ string: String, pattern: String) -> Bool {
        guard let regex = regex(pattern) else { return false }
        let range = NSRange(string.startIndex..., in: string)
        return regex.firstMatch(in: string, options: [], range: range) != nil
    }

    static func memberPath(_ path: String, _ name: String) -> String {
        let plain = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        return plain ? "\(path).\(name)" : "\(path)[\"\(name)\"]"
    }

    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let integer): Double(integer)
        case .double(let double): double
        default: nil
        }
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): true
        case ("integer", .int), ("number", .int), ("number", .double): true
        case ("integer", .double(let double)): double.rounded() == double
        default: false
        }
    }

    static func typeName(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    static func article(_ type: String) -> String {
        ["object", "array", "integer"].contains(type) ? "an" : "a"
    }
}
