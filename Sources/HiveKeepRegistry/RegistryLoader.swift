import Foundation
import HiveKeepCore

/// Turns the bytes of a registry document into a `RegistryDocument`, checking it against the widened registry
/// schema first. Every failure is an `.invalidArgument` error whose message says what is wrong and where.
public enum RegistryLoader {
    /// How many schema violations an error message lists before it summarises the rest.
    static let listedViolations = 5

    /// The built-in registry embedded in the binary.
    public static func builtin() throws -> RegistryDocument {
        try load(Data(PackageResources.builtin_registry_json), origin: "the built-in registry")
    }

    /// Parses, validates and decodes `data`; `origin` names the source in error messages.
    public static func load(_ data: Data, origin: String) throws -> RegistryDocument {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw HiveKeepError.invalid("\(origin) is not valid JSON")
        }
        guard case .object = value else {
            throw HiveKeepError.invalid("\(origin) is not a registry: the document must be a JSON object")
        }
        let violations = SchemaValidator.registry.validate(value)
        if !violations.isEmpty {
            throw HiveKeepError.invalid("\(origin) is not a valid registry: \(summary(of: violations))")
        }
        let document: RegistryDocument
        do {
            document = try JSONDecoder().decode(RegistryDocument.self, from: data)
        } catch {
            throw HiveKeepError.invalid("\(origin) is not a valid registry: it does not have the registry's shape")
        }
        guard document.totalServerCount > 0 else {
            throw HiveKeepError.invalid("\(origin) is not a valid registry: it contains no servers")
        }
        return document
    }

    /// The first few violations joined into one line.
    static func summary(of violations: [SchemaValidator.Violation]) -> String {
        var text = violations.prefix(listedViolations).map(\.description).joined(separator: "; ")
        if violations.count > listedViolations {
            text += "; and \(violations.count - listedViolations) more problem(s)"
        }
        return text
    }
}
