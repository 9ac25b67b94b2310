import Foundation

/// One comparable point of an OpenAPI document: an operation, a parameter, a request body, a response, a response
/// header, or a node of a request or response schema.
///
/// `location` names it as `METHOD /path SUB` (see `docs/reference-differences.yaml` for the grammar), for example
/// `GET /api/v1beta/workloads responses.200.content.application/json.workloads[].name`.
struct ContractNode: Sendable {
    /// Where the node is; unique within a document.
    var location: String
    /// The location of the enclosing node; nil for an operation.
    var parent: String?
    /// How this node's location extends its parent's, for schema nodes: `.name`, `[]` or `{}`.
    var segment: String?
    /// What is compared between the two documents at this node (`type`, `required`).
    var attributes: [String: String]
    /// The node as a field of a named component schema (`components.schemas.Workload.name`), when it is one.
    var schemaKey: String?
    /// The prefix the schema keys of this node's children start with.
    var childPrefix: String?
}

/// One difference between the reference and HiveKeep's document.
struct ContractFinding: Sendable, Hashable, CustomStringConvertible {
    var location: String
    var schemaKey: String?
    var message: String

    var description: String {
        if let schemaKey { return "\(location): \(message) [\(schemaKey)]" }
        return "\(location): \(message)"
    }

    /// The part of the location after the operation (`responses.200...`), nil for an operation itself.
    var subLocation: String? {
        ContractLocation.split(location).sub
    }
}

/// Splits locations into their operation part and their dotted sub-location.
enum ContractLocation {
    static func split(_ location: String) -> (operation: String, sub: String?) {
        if location.hasPrefix("* ") {
            return ("*", String(location.dropFirst(2)))
        }
        let parts = location.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return (location, nil) }
        let operation = "\(parts[0]) \(parts[1])"
        return (operation, parts.count == 3 ? String(parts[2]) : nil)
    }
}

/// A document with `$ref` resolution.
struct ContractDocument: Sendable {
    let root: ContractValue

    /// Follows `$ref`s (local JSON pointers only) and returns the target with the name of the first component
    /// referenced.
    func resolve(_ value: ContractValue) throws -> (value: ContractValue, refName: String?) {
        var current = value
        var firstName: String?
        var seen: Set<String> = []
        while let reference = current["$ref"]?.stringValue {
            guard reference.hasPrefix("#/"), seen.insert(reference).inserted else {
                throw ContractError("unsupported or cyclic $ref '\(reference)'")
            }
            let parts = reference.dropFirst(2).split(separator: "/").map {
                $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
            if firstName == nil { firstName = parts.last }
            var target = root
            for part in parts {
                guard let next = target[part] else {
                    throw ContractError("$ref '\(reference)' points at nothing")
                }
                target = next
            }
            current = target
        }
        return (current, firstName)
    }
}

/// Turns an OpenAPI document into a flat map of `ContractNode`s, resolving `$ref`s and merging
/// `oneOf`/`anyOf`/`allOf` branches so that two documents written in different styles compare by what they say.
struct ContractFlattener {
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    private let document: ContractDocument
    private var nodes: [String: ContractNode] = [:]

    private init(document: ContractDocument) {
        self.document = document
    }

    /// Every node of the document, keyed by location.
    static func flatten(_ document: ContractDocument) throws -> [String: ContractNode] {
        var flattener = ContractFlattener(document: document)
        try flattener.walkPaths()
        return flattener.nodes
    }

    private mutating func add(_ node: ContractNode) {
        nodes[node.location] = node
    }

    private mutating func walkPaths() throws {
        for (path, item) in document.root["paths"]?.objectValue ?? [:] {
            for method in Self.methods {
                guard let operation = item[method] else { continue }
                try walkOperation(operation, location: "\(method.uppercased()) \(path)", pathItem: item)
            }
        }
    }

    private mutating func walkOperation(_ operation: ContractValue, location: String, pathItem: ContractValue)
        throws
    {
        add(ContractNode(location: location, attributes: [:]))
        let parameters = (pathItem["parameters"]?.arrayValue ?? []) + (operation["parameters"]?.arrayValue ?? [])
        for parameter in parameters {
            try walkParameter(parameter, operation: location)
        }
        if let body = operation["requestBody"] {
            let bodyLocation = "\(location) requestBody"
            add(ContractNode(location: bodyLocation, parent: location, attributes: [:]))
            try walkContent(try document.resolve(body).value["content"], owner: bodyLocation)
        }
        for (status, response) in operation["responses"]?.objectValue ?? [:] {
            let response = try document.resolve(response).value
            let responseLocation = "\(location) responses.\(status)"
            add(ContractNode(location: responseLocation, parent: location, attributes: [:]))
            for header in (response["headers"]?.objectValue ?? [:]).keys {
                add(
                    ContractNode(
                        location: "\(responseLocation).headers.\(header)", parent: responseLocation,
                        attributes: [:]))
            }
            try walkContent(response["content"], owner: responseLocation)
        }
    }

    private mutating func walkParameter(_ parameter: ContractValue, operation: String) throws {
        let parameter = try document.resolve(parameter).value
        guard let name = parameter["name"]?.stringValue, let place = parameter["in"]?.stringValue else {
            throw ContractError("\(operation) has a parameter without name or in")
        }
        let schema = try document.resolve(parameter["schema"] ?? .object([:])).value
        let required = parameter["required"]?.boolValue ?? (place == "path")
        add(
            ContractNode(
                location: "\(operation) parameters.\(place).\(name)",
                parent: operation,
                attributes: ["required": String(required), "type": Self.typeName(Self.types(of: schema))]
            )
        )
    }

    private mutating func walkContent(_ content: ContractValue?, owner: String) throws {
        for (media, item) in content?.objectValue ?? [:] {
            let schema = item["schema"] ?? .object([:])
            let prefix = Self.refName(schema).map { "components.schemas.\($0)" }
            try walkSchema(
                [SchemaInContext(schema: schema, visiting: [])],
                location: "\(owner).content.\(media)",
                parent: owner,
                segment: ".content.\(media)",
                schemaKey: nil,
                childPrefix: prefix
            )
        }
    }

    /// A schema together with the component names already being expanded on the way to it (to stop cycles).
    private struct SchemaInContext {
        var schema: ContractValue
        var visiting: Set<String>
    }

    private mutating func walkSchema(
        _ schemas: [SchemaInContext],
        location: String,
        parent: String,
        segment: String,
        schemaKey: String?,
        childPrefix: String?
    ) throws {
        let leaves = try schemas.flatMap { try expand($0) }
        var types: Set<String> = []
        var recursive: Set<String> = []
        for leaf in leaves {
            types.formUnion(Self.types(of: leaf.schema))
            if let name = leaf.schema["x-contract-recursive"]?.stringValue { recursive.insert(name) }
        }
        var attributes = ["type": Self.typeName(types)]
        if !recursive.isEmpty { attributes["recursive"] = recursive.sorted().joined(separator: ",") }
        add(
            ContractNode(
                location: location,
                parent: parent,
                segment: segment,
                attributes: attributes,
                schemaKey: schemaKey,
                childPrefix: childPrefix
            )
        )
        for (childSegment, children) in Self.children(of: leaves) {
            let key = childPrefix.map { $0 + childSegment }
            var prefix = key
            if children.count == 1, let name = Self.refName(children[0].schema) {
                prefix = "components.schemas.\(name)"
            }
            try walkSchema(
                children,
                location: location + childSegment,
                parent: location,
                segment: childSegment,
                schemaKey: key,
                childPrefix: prefix
            )
        }
    }

    /// Replaces `$ref`s by their targets and composition keywords by their branches, down to plain schemas.
    private func expand(_ item: SchemaInContext) throws -> [SchemaInContext] {
        if let name = Self.refName(item.schema) {
            if item.visiting.contains(name) {
                return [SchemaInContext(schema: .object(["x-contract-recursive": .string(name)]), visiting: [])]
            }
            let target = try document.resolve(item.schema).value
            return try expand(SchemaInContext(schema: target, visiting: item.visiting.union([name])))
        }
        guard var members = item.schema.objectValue else {
            return [SchemaInContext(schema: .object([:]), visiting: item.visiting)]
        }
        var branches: [ContractValue] = []
        for keyword in ["oneOf", "anyOf", "allOf"] {
            branches += members.removeValue(forKey: keyword)?.arrayValue ?? []
        }
        let rest = SchemaInContext(schema: .object(members), visiting: item.visiting)
        if branches.isEmpty { return [rest] }
        var leaves = try branches.flatMap { try expand(SchemaInContext(schema: $0, visiting: item.visiting)) }
        if !Self.types(of: rest.schema).isEmpty { leaves.append(rest) }
        return leaves
    }

    /// The child schemas of a set of leaves, merged by segment: properties (sorted), then items, then map values.
    private static func children(of leaves: [SchemaInContext]) -> [(String, [SchemaInContext])] {
        var properties: [String: [SchemaInContext]] = [:]
        var items: [SchemaInContext] = []
        var values: [SchemaInContext] = []
        for leaf in leaves {
            for (name, schema) in leaf.schema["properties"]?.objectValue ?? [:] {
                properties[name, default: []].append(SchemaInContext(schema: schema, visiting: leaf.visiting))
            }
            if let schema = leaf.schema["items"] {
                items.append(SchemaInContext(schema: schema, visiting: leaf.visiting))
            }
            if let schema = leaf.schema["additionalProperties"], schema.objectValue != nil {
                values.append(SchemaInContext(schema: schema, visiting: leaf.visiting))
            }
        }
        var result = properties.keys.sorted().map { (".\($0)", properties[$0] ?? []) }
        if !items.isEmpty { result.append(("[]", items)) }
        if !values.isEmpty { result.append(("{}", values)) }
        return result
    }

    /// The JSON types a plain schema allows, inferred from its keywords when `type` is absent.
    static func types(of schema: ContractValue) -> Set<String> {
        if let single = schema["type"]?.stringValue { return [single] }
        if let several = schema["type"]?.arrayValue { return Set(several.compactMap(\.stringValue)) }
        if schema["properties"] != nil || schema["additionalProperties"]?.objectValue != nil { return ["object"] }
        if schema["items"] != nil { return ["array"] }
        return []
    }

    static func typeName(_ types: Set<String>) -> String {
        types.isEmpty ? "any" : types.sorted().joined(separator: "|")
    }

    /// The component name a schema refers to, when it is a `$ref`.
    static func refName(_ schema: ContractValue) -> String? {
        schema["$ref"]?.stringValue?.split(separator: "/").last.map(String.init)
    }
}
