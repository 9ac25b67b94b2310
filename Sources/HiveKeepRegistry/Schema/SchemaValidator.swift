import Foundation
import HiveKeepCore

/// A validator for the subset of JSON Schema (draft-07) that the registry schema uses: `type`, `required`,
/// `properties`, `patternProperties`, `additionalProperties`, `items`, `enum`, `pattern`, `minLength`, `maxLength`,
/// `minimum`, `maximum`, `minItems`, `uniqueItems`, `anyOf`, `format` and local `$ref`s into `definitions`.
///
/// Unknown keywords are ignored, as JSON Schema says. Every problem is reported with the JSON path of the value.
public struct SchemaValidator: Sendable {
    /// One problem found in a document.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        /// Where the value is, such as `$.servers.time.tools[0]`.
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    let root: JSONValue
    private let patterns: PatternCache

    /// A validator for `schema`.
    public init(schema: JSONValue) {
        self.root = schema
        self.patterns = PatternCache()
    }

    /// The widened registry schema.
    public static let registry: SchemaValidator = {
        do {
            return SchemaValidator(
                schema: try JSONDecoder().decode(JSONValue.self, from: Data(RegistrySchema.text.utf8)))
        } catch {
            preconditionFailure("the embedded registry schema is not valid JSON: \(error)")
        }
    }()

    /// Every violation of the schema in `instance`, in document order.
    public func validate(_ instance: JSONValue) -> [Violation] {
        var violations: [Violation] = []
        check(instance, against: root, path: "$", into: &violations)
        return violations
    }

    func check(_ value: JSONValue, against schema: JSONValue, path: String, into violations: inout [Violation]) {
        guard case .object(let keywords) = schema else { return }
        if let reference = keywords["$ref"]?.stringValue {
            guard let target = resolve(reference) else {
                violations.append(Violation(path: path, message: "schema reference \(reference) cannot be resolved"))
                return
            }
            check(value, against: target, path: path, into: &violations)
            return
        }
        func fail(_ message: String) { violations.append(Violation(path: path, message: message)) }
        if let type = keywords["type"]?.stringValue, !Self.matches(value, type: type) {
            fail("must be \(Self.article(type)) \(type), not \(Self.typeName(of: value))")
            return
        }
        if let choices = keywords["enum"], case .array(let allowed) = choices, !allowed.contains(value) {
            fail("must be one of \(allowed.compactMap(\.stringValue).joined(separator: ", "))")
        }
        if let alternatives = keywords["anyOf"], case .array(let schemas) = alternatives {
            let passes = schemas.contains { alternative in
                var scratch: [Violation] = []
                check(value, against: alternative, path: path, into: &scratch)
                return scratch.isEmpty
            }
            if !passes { fail(describeAnyOf(schemas)) }
        }
        switch value {
        case .string(let string): checkString(string, keywords, fail: fail)
        case .int, .double: checkNumber(value, keywords, fail: fail)
        case .array(let items): checkArray(items, keywords, path: path, into: &violations)
        case .object(let members): checkObject(members, keywords, path: path, into: &violations)
        default: break
        }
    }

    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = root
        for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    func regex(_ pattern: String) -> NSRegularExpression? { patterns.regex(pattern) }

    private func describeAnyOf(_ schemas: [JSONValue]) -> String {
        let patterns = schemas.compactMap { $0["pattern"]?.stringValue }
        let formats = schemas.compactMap { $0["format"]?.stringValue }
        let options = formats.map { "a valid \($0)" } + patterns.map { "match \($0)" }
        return "must "
            + (options.isEmpty ? "match one of the allowed forms" : options.joined(separator: " or "))
            .replacingOccurrences(of: "must match", with: "match")
    }
}
