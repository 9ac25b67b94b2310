import Foundation
import Yams

/// An error of the contract test's own machinery: a file that cannot be found or read, a document that is not
/// shaped as expected. Its description is what the failing test shows.
struct ContractError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A JSON value. OpenAPI documents are read into it from JSON (the reference) or from YAML (HiveKeep's own).
enum ContractValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ContractValue])
    case object([String: ContractValue])

    /// The member `key` of an object; nil for a missing member or a value that is not an object.
    subscript(key: String) -> ContractValue? {
        objectValue?[key]
    }

    var objectValue: [String: ContractValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var arrayValue: [ContractValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

extension ContractValue: Decodable {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ContractValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ContractValue].self))
        }
    }
}

/// Reads documents into `ContractValue`s.
enum ContractLoader {
    /// Parses JSON text.
    static func json(_ data: Data, name: String) throws -> ContractValue {
        do {
            return try JSONDecoder().decode(ContractValue.self, from: data)
        } catch {
            throw ContractError("\(name) is not valid JSON: \(error)")
        }
    }

    /// Parses YAML text. Anchors, aliases and duplicate keys are refused: the server's YAML reader and other
    /// tools would read them differently or not at all.
    static func yaml(_ text: String, name: String) throws -> ContractValue {
        // The parser stays alive during the conversion: nodes hold their anchors weakly, and only the parser
        // keeps them, so anchored (and aliased) nodes can be recognised only while it exists.
        let parser: Parser
        let node: Node?
        do {
            parser = try Parser(yaml: text)
            node = try parser.singleRoot()
        } catch {
            throw ContractError("\(name) is not valid YAML: \(error)")
        }
        guard let node else {
            throw ContractError("\(name) is empty")
        }
        return try withExtendedLifetime(parser) { try convert(node, name: name) }
    }

    /// Reads and parses a file, JSON or YAML by its extension.
    static func file(_ url: URL) throws -> ContractValue {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ContractError("cannot read \(url.path)")
        }
        if url.pathExtension == "json" {
            return try json(data, name: url.path)
        }
        return try yaml(String(decoding: data, as: UTF8.self), name: url.path)
    }

    private static func convert(_ node: Node, name: String) throws -> ContractValue {
        if node.anchor != nil {
            throw ContractError("\(name) uses a YAML anchor at line \(node.mark?.line ?? 0)")
        }
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let value = node.bool { return .bool(value) }
            if let value = node.int { return .number(Double(value)) }
            if let value = node.float { return .number(value) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(try sequence.map { try convert($0, name: name) })
        case .mapping(let mapping):
            var members: [String: ContractValue] = [:]
            for (key, value) in mapping {
                guard let key = key.string else {
                    throw ContractError("\(name) has a non-string key at line \(value.mark?.line ?? 0)")
                }
                guard members[key] == nil else {
                    throw ContractError("\(name) repeats the key '\(key)' at line \(value.mark?.line ?? 0)")
                }
                members[key] = try convert(value, name: name)
            }
            return .object(members)
        case .alias:
            throw ContractError("\(name) uses a YAML alias at line \(node.mark?.line ?? 0)")
        }
    }
}
