import Foundation
import Testing

/// Compares HiveKeep's OpenAPI document with the reference (ToolHive) swagger. Every difference must be listed in
/// `docs/reference-differences.yaml`, and every entry there must still describe a real difference.
@Suite("OpenAPI contract against the ToolHive reference")
struct OpenAPIContractTests {
    private static func isSuccessStatus(_ status: Substring) -> Bool {
        status.count == 3 && status.first == "2" && status.allSatisfy(\.isNumber)
    }

    @Test("every reference operation exists in HiveKeep and HiveKeep adds none unlisted")
    func operationsMatchReference() throws {
        let fixtures = try ContractFixtures.loaded()
        let referenceOperations = fixtures.referenceNodes.values.filter { $0.parent == nil }
        #expect(referenceOperations.count == 41, "the reference swagger should describe 41 operations")
        let uncovered = fixtures.uncovered { $0.subLocation == nil }
        expectNone(uncovered, "operations differ from the reference")
    }

    @Test("every operation has a unique camelCase operationId")
    func operationIdsAreUnique() throws {
        let fixtures = try ContractFixtures.loaded()
        var seen: [String: String] = [:]
        var problems: [String] = []
        for (location, operation) in fixtures.ourOperations {
            guard let id = operation["operationId"]?.stringValue, !id.isEmpty else {
                problems.append("\(location) has no operationId")
                continue
            }
            if id.wholeMatch(of: #/[a-z][A-Za-z0-9]*/#) == nil {
                problems.append("\(location): operationId '\(id)' is not camelCase")
            }
            if let other = seen[id] {
                problems.append("\(location): operationId '\(id)' is also used by \(other)")
            }
            seen[id] = location
        }
        expectNone(problems, "operationId problems")
    }

    @Test("parameters have the reference's names, places, required-ness and types")
    func parametersMatchReference() throws {
        let fixtures = try ContractFixtures.loaded()
        let uncovered = fixtures.uncovered { $0.subLocation?.hasPrefix("parameters.") == true }
        expectNone(uncovered, "parameters differ from the reference")
    }

    @Test("success status codes equal the reference's")
    func successStatusCodesMatchReference() throws {
        let fixtures = try ContractFixtures.loaded()
        let uncovered = fixtures.uncovered { finding in
            guard let sub = finding.subLocation, sub.hasPrefix("responses.") else { return false }
            let status = sub.dropFirst("responses.".count)
            return Self.isSuccessStatus(status)
        }
        expectNone(uncovered, "success statuses differ from the reference")
    }

    @Test("error statuses the reference documents are kept, and added ones are listed")
    func errorStatusesMatchReference() throws {
        let fixtures = try ContractFixtures.loaded()
        let uncovered = fixtures.uncovered { finding in
            guard let sub = finding.subLocation, sub.hasPrefix("responses.") else { return false }
            let status = sub.dropFirst("responses.".count)
            return !status.contains(".") && !Self.isSuccessStatus(status)
        }
        expectNone(uncovered, "error statuses differ from the reference")
    }

    @Test("response fields, types, media types and headers match the reference")
    func responseFieldsMatchReference() throws {
        let fixtures = try ContractFixtures.loaded()
        let uncovered = fixtures.uncovered { finding in
            guard let sub = finding.subLocation, sub.hasPrefix("responses.") else { return false }
            return sub.contains(".content.") || sub.contains(".headers.")
        }
        expectNone(uncovered, "responses differ from the reference")
    }

    @Test("request body field names and types match the reference")
    func requestBodiesMatchReference() throws {
        let fixtures = try ContractFixtures.loaded()
        let uncovered = fixtures.uncovered { $0.subLocation?.hasPrefix("requestBody") == true }
        expectNone(uncovered, "request bodies differ from the reference")
    }

    @Test("no difference from the reference is left unlisted")
    func everyDifferenceIsListed() throws {
        let fixtures = try ContractFixtures.loaded()
        let uncovered = fixtures.differences.uncovered(fixtures.findings)
        expectNone(uncovered, "differences from the reference missing from docs/reference-differences.yaml")
    }

    @Test("every entry of the differences list describes a real difference")
    func differenceEntriesAreNotStale() throws {
        let fixtures = try ContractFixtures.loaded()
        let stale = fixtures.differences.staleEntries(
            findings: fixtures.findings,
            reference: fixtures.referenceNodes,
            ours: fixtures.ourNodes
        )
        expectNone(stale, "stale entries in docs/reference-differences.yaml")
    }

    @Test("entries of the differences list are well formed")
    func differenceEntriesAreWellFormed() throws {
        let fixtures = try ContractFixtures.loaded()
        var problems: [String] = []
        var ids: Set<String> = []
        let operations = Set(fixtures.ourOperations.map(\.location))
        for entry in fixtures.differences.entries {
            if !ids.insert(entry.id).inserted { problems.append("\(entry.id) is used twice") }
            if entry.id.wholeMatch(of: #/[a-z0-9]+(-[a-z0-9]+)*/#) == nil {
                problems.append("\(entry.id): id is not kebab-case")
            }
            if entry.scope == .outside {
                if entry.namesAPIOperation || operations.contains(entry.operation) {
                    problems.append("\(entry.id): an outside entry names no API operation")
                }
            } else if entry.location.hasPrefix("components.") {
                if entry.operation != "*" && !operations.contains(entry.operation) {
                    problems.append("\(entry.id): operation '\(entry.operation)' is not an operation of HiveKeep")
                }
            } else if entry.operation != ContractLocation.split(entry.location).operation {
                problems.append("\(entry.id): operation '\(entry.operation)' does not match its location")
            }
            if entry.scope == .behaviour && (entry.location.contains("*") || entry.location.contains("|")) {
                problems.append("\(entry.id): a behaviour entry needs an exact location, not a pattern")
            }
        }
        expectNone(problems, "malformed entries in docs/reference-differences.yaml")
    }

    @Test("operations not built yet are marked planned and document 501")
    func plannedOperationsAnswer501() throws {
        let fixtures = try ContractFixtures.loaded()
        var problems: [String] = []
        for (location, operation) in fixtures.ourOperations {
            let status = operation["x-hivekeep-status"]?.stringValue ?? "implemented"
            let responses = operation["responses"]?.objectValue ?? [:]
            switch status {
            case "planned":
                guard let response = responses["501"] else {
                    problems.append("\(location) is planned but documents no 501")
                    continue
                }
                let content = try fixtures.ours.resolve(response).value["content"]
                if content?["text/plain"] == nil {
                    problems.append("\(location): its 501 is not text/plain")
                }
            case "implemented":
                if responses["501"] != nil { problems.append("\(location) is implemented but documents 501") }
            default:
                problems.append("\(location): unknown x-hivekeep-status '\(status)'")
            }
        }
        expectNone(problems, "operation status problems")
    }

    @Test("every operation documents the errors request handling can produce, as text/plain")
    func genericErrorsAreDocumented() throws {
        let fixtures = try ContractFixtures.loaded()
        var problems: [String] = []
        for (location, operation) in fixtures.ourOperations {
            var required = ["400", "403", "404", "405", "500"]
            if operation["requestBody"] != nil { required.append("413") }
            let responses = operation["responses"]?.objectValue ?? [:]
            for status in required where responses[status] == nil {
                problems.append("\(location) does not document \(status)")
            }
            for (status, response) in responses where !status.hasPrefix("2") {
                let resolved = try fixtures.ours.resolve(response).value
                let media = Set(resolved["content"]?.objectValue?.keys.map { $0 } ?? [])
                let schema = try resolved["content"]?["text/plain"]?["schema"].map { try fixtures.ours.resolve($0) }
                if media != ["text/plain"] || schema?.value["type"]?.stringValue != "string" {
                    problems.append("\(location) responses.\(status) is not a text/plain string")
                }
            }
        }
        expectNone(problems, "error responses")
    }

    @Test("every response documents the X-Request-Id header")
    func everyResponseHasRequestId() throws {
        let fixtures = try ContractFixtures.loaded()
        var problems: [String] = []
        for (location, operation) in fixtures.ourOperations {
            for (status, response) in operation["responses"]?.objectValue ?? [:] {
                let resolved = try fixtures.ours.resolve(response).value
                guard let header = resolved["headers"]?["X-Request-Id"] else {
                    problems.append("\(location) responses.\(status)")
                    continue
                }
                let schema = try fixtures.ours.resolve(header).value["schema"]
                if schema?["type"]?.stringValue != "string" {
                    problems.append("\(location) responses.\(status): X-Request-Id is not a string")
                }
            }
        }
        expectNone(problems, "responses without an X-Request-Id header")
    }

    @Test("the document is HiveKeep's own OpenAPI 3.1 document")
    func documentIdentifiesHiveKeep() throws {
        let root = try ContractFixtures.loaded().ours.root
        #expect(root["openapi"]?.stringValue == "3.1.0")
        #expect(root["info"]?["title"]?.stringValue == "HiveKeep API")
        #expect(root["info"]?["version"]?.stringValue?.isEmpty == false)
        #expect(root["servers"]?.arrayValue?.first?["url"]?.stringValue == "http://127.0.0.1:8080")
        let implemented = try ContractFixtures.loaded().ourOperations
            .filter { ($0.operation["x-hivekeep-status"]?.stringValue ?? "implemented") == "implemented" }
            .map(\.location)
        #expect(implemented.contains("GET /health"))
        #expect(implemented.contains("GET /api/v1beta/version"))
        #expect(implemented.contains("GET /api/openapi.json"))
    }

    /// Records one issue listing every problem, one per line, when there are any.
    private func expectNone(
        _ problems: [some CustomStringConvertible],
        _ title: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard !problems.isEmpty else { return }
        let lines = problems.map { "  - \($0)" }.joined(separator: "\n")
        Issue.record("\(title) (\(problems.count)):\n\(lines)", sourceLocation: sourceLocation)
    }
}
