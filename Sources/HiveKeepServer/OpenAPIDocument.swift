import Foundation
import HiveKeepCore
import Yams

/// HiveKeep's own OpenAPI 3.1 document, embedded in the binary and served at `/api/openapi.json`.
public struct OpenAPIDocument: Sendable {
    /// One operation of the document.
    public struct Operation: Sendable, Hashable {
        public var method: String
        public var path: String
        public var operationID: String
        /// True when marked `x-hivekeep-status: planned`: routed to a 501 until it is built.
        public var isPlanned: Bool
        /// True when the operation takes a request body.
        public var hasRequestBody: Bool
    }

    /// The document as a JSON value.
    public let document: JSONValue
    /// The document encoded as JSON (sorted keys, unescaped slashes), ready to serve.
    public let json: Data
    /// Every operation in the document.
    public let operations: [Operation]

    /// The document built into this binary.
    public static func embedded() throws -> OpenAPIDocument {
        try OpenAPIDocument(yaml: String(decoding: PackageResources.openapi_yaml, as: UTF8.self))
    }

    /// Parses a document from YAML text.
    public init(yaml: String) throws {
        guard let node = try Yams.compose(yaml: yaml) else {
            throw HiveKeepError(.internalError, "the OpenAPI document is empty")
        }
        self.document = try YAMLJSON.convert(node)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.json = try encoder.encode(document)
        self.operations = Self.collectOperations(document)
    }

    private static let methods = ["get", "put", "post", "delete", "patch", "head", "options"]

    private static func collectOperations(_ document: JSONValue) -> [Operation] {
        var result: [Operation] = []
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for method in methods {
                guard let operation = item[method] else { continue }
                result.append(
                    Operation(
                        method: method.uppercased(),
                        path: path,
                        operationID: operation["operationId"]?.stringValue ?? "",
                        isPlanned: operation["x-hivekeep-status"]?.stringValue == "planned",
                        hasRequestBody: operation["requestBody"] != nil
                    )
                )
            }
        }
        return result.sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }
}

/// Converts a composed YAML node to JSON, resolving scalars by their YAML tags.
enum YAMLJSON {
    static func convert(_ node: Node) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let value = node.bool { return .bool(value) }
            if let value = node.int { return .int(value) }
            if let value = node.float { return .double(value) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(try sequence.map(convert))
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let name = key.string else {
                    throw HiveKeepError(.internalError, "the OpenAPI document has a non-string key")
                }
                members[name] = try convert(value)
            }
            return .object(members)
        case .alias:
            throw HiveKeepError(.internalError, "the OpenAPI document uses a YAML alias")
        }
    }
}
