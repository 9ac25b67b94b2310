import Foundation

/// Compares two flattened documents.
enum ContractComparison {
    static let missingMessage = "missing in HiveKeep"
    static let extraMessage = "not in the reference"

    /// Every difference between the reference and HiveKeep's document, sorted by location. A node that is missing
    /// (or extra) is reported once: its descendants are not reported again.
    static func compare(reference: [String: ContractNode], ours: [String: ContractNode]) -> [ContractFinding] {
        var findings: [ContractFinding] = []
        for (location, node) in reference {
            if let our = ours[location] {
                for key in Set(node.attributes.keys).union(our.attributes.keys).sorted() {
                    let theirs = node.attributes[key] ?? "none"
                    let mine = our.attributes[key] ?? "none"
                    if theirs != mine {
                        findings.append(
                            ContractFinding(
                                location: location,
                                schemaKey: our.schemaKey,
                                message: "\(key) differs: reference \(theirs), HiveKeep \(mine)"
                            )
                        )
                    }
                }
                continue
            }
            if let parent = node.parent, ours[parent] == nil { continue }
            var key: String?
            if let parent = node.parent, let prefix = ours[parent]?.childPrefix, let segment = node.segment {
                key = prefix + segment
            }
            findings.append(ContractFinding(location: location, schemaKey: key, message: missingMessage))
        }
        for (location, node) in ours where reference[location] == nil {
            if let parent = node.parent, reference[parent] == nil { continue }
            findings.append(ContractFinding(location: location, schemaKey: node.schemaKey, message: extraMessage))
        }
        return findings.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }
}

/// One entry of `docs/reference-differences.yaml`.
struct DifferenceEntry: Sendable {
    enum Scope: String, Sendable {
        /// The documents differ at `location`.
        case document
        /// The documents agree at `location`; the reference implementation behaves differently from HiveKeep.
        case behaviour
        /// The difference is in something neither document describes (the MCP proxy, AI-client files); `operation`
        /// names that part and `location` says where, in words.
        case outside
    }

    var id: String
    var operation: String
    var kind: String
    var scope: Scope
    var location: String
    var reason: String

    /// Whether this entry accounts for `finding`. Behaviour and outside entries never do: they describe no
    /// document change.
    func covers(_ finding: ContractFinding) -> Bool {
        scope == .document && LocationPattern.matches(location, finding: finding)
    }

    /// Whether `operation` is `*` or `METHOD /path`: what an outside entry must not be.
    var namesAPIOperation: Bool {
        let methods: Set<Substring> = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"]
        return operation == "*" || operation.split(separator: " ").first.map(methods.contains) == true
    }
}

/// The list of deliberate differences.
struct DifferenceList: Sendable {
    var entries: [DifferenceEntry]

    /// Reads the list from the parsed YAML file (a top-level `differences` array).
    init(_ value: ContractValue) throws {
        guard let items = value["differences"]?.arrayValue else {
            throw ContractError("the differences file has no top-level `differences` list")
        }
        entries = try items.enumerated().map { index, item in
            func field(_ name: String) throws -> String {
                guard let text = item[name]?.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ContractError("difference entry #\(index + 1) has no `\(name)`")
                }
                return text
            }
            let scopeName = item["scope"]?.stringValue ?? "document"
            guard let scope = DifferenceEntry.Scope(rawValue: scopeName) else {
                throw ContractError("difference entry #\(index + 1) has an unknown scope '\(scopeName)'")
            }
            return DifferenceEntry(
                id: try field("id"),
                operation: try field("operation"),
                kind: try field("kind"),
                scope: scope,
                location: try field("location"),
                reason: try field("reason")
            )
        }
    }

    init(entries: [DifferenceEntry]) {
        self.entries = entries
    }

    /// The findings no entry accounts for.
    func uncovered(_ findings: [ContractFinding]) -> [ContractFinding] {
        findings.filter { finding in !entries.contains { $0.covers(finding) } }
    }

    /// Entries that no longer describe a real difference: a document entry that matches no finding, or a
    /// behaviour entry whose location is not in both documents, an outside entry that names an API operation. Each
    /// problem is one line.
    func staleEntries(
        findings: [ContractFinding],
        reference: [String: ContractNode],
        ours: [String: ContractNode]
    ) -> [String] {
        entries.compactMap { entry in
            switch entry.scope {
            case .document:
                if findings.contains(where: entry.covers) { return nil }
                return "\(entry.id): `\(entry.location)` matches no difference between the documents"
            case .behaviour:
                if reference[entry.location] != nil && ours[entry.location] != nil { return nil }
                return "\(entry.id): behaviour entry `\(entry.location)` is not a location of both documents"
            case .outside:
                if !entry.namesAPIOperation { return nil }
                return "\(entry.id): outside entry names the API operation `\(entry.operation)`"
            }
        }
    }
}

/// Matches difference locations (patterns) against findings.
///
/// A pattern is `METHOD /path SUB`, `* SUB` (any operation), `METHOD /path` (the operation itself) or
/// `components.schemas.NAME.FIELDS` (matched against the finding's schema key). SUB and FIELDS are dot-separated
/// segments; a pattern segment is `*` (any one segment), a status class such as `4XX`, a literal, or several of
/// these separated by `|`.
enum LocationPattern {
    static func matches(_ pattern: String, finding: ContractFinding) -> Bool {
        if pattern.hasPrefix("components.") {
            guard let key = finding.schemaKey else { return false }
            return segmentsMatch(pattern, key)
        }
        let (patternOperation, patternSub) = ContractLocation.split(pattern)
        let (findingOperation, findingSub) = ContractLocation.split(finding.location)
        guard patternOperation == "*" || patternOperation == findingOperation else { return false }
        switch (patternSub, findingSub) {
        case (nil, nil):
            return patternOperation != "*"
        case (let patternSub?, let findingSub?):
            return segmentsMatch(patternSub, findingSub)
        default:
            return false
        }
    }

    static func segmentsMatch(_ pattern: String, _ value: String) -> Bool {
        let patternSegments = pattern.split(separator: ".", omittingEmptySubsequences: false)
        let valueSegments = value.split(separator: ".", omittingEmptySubsequences: false)
        guard patternSegments.count == valueSegments.count else { return false }
        return zip(patternSegments, valueSegments).allSatisfy { segmentMatches(String($0), String($1)) }
    }

    static func segmentMatches(_ pattern: String, _ value: String) -> Bool {
        pattern.split(separator: "|").contains { alternative in
            if alternative == "*" || alternative == value { return true }
            let isStatusClass = alternative.contains("X") && alternative.allSatisfy { $0 == "X" || $0.isNumber }
            guard isStatusClass, alternative.count == value.count else { return false }
            return zip(alternative, value).allSatisfy { expected, actual in
                expected == "X" ? actual.isNumber : expected == actual
            }
        }
    }
}
