import Foundation
import Testing

/// Checks the comparison machinery itself on tiny documents, so that the contract test is known to be able to fail.
@Suite("Contract comparison machinery")
struct ContractComparisonTests {
    /// A reference in the swagger's style: a `oneOf` request body, `$ref`s, arrays, maps and nested objects.
    private static let reference = """
        openapi: 3.1.0
        paths:
          /things/{name}:
            get:
              parameters:
                - {name: name, in: path, required: true, schema: {type: string}}
                - {name: all, in: query, schema: {type: boolean}}
              responses:
                '200':
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/thing.List'}
                '404':
                  content:
                    application/json:
                      schema: {type: string}
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      oneOf:
                        - {type: object}
                        - {$ref: '#/components/schemas/thing.Create'}
              responses:
                '201':
                  description: Created
        components:
          schemas:
            thing.List:
              type: object
              properties:
                things: {type: array, items: {$ref: '#/components/schemas/thing.Thing'}}
            thing.Thing:
              type: object
              properties:
                name: {type: string}
                size: {type: integer}
                labels: {type: object, additionalProperties: {type: string}}
                owner:
                  type: object
                  properties:
                    id: {type: string}
            thing.Create:
              type: object
              properties:
                name: {type: string}
                size: {type: integer}
        """

    /// The same contract in HiveKeep's style, with the given edits applied to the text.
    private static func ours(_ edits: [(String, String)] = []) -> String {
        var text = """
            openapi: 3.1.0
            paths:
              /things/{name}:
                get:
                  parameters:
                    - {$ref: '#/components/parameters/Name'}
                    - {name: all, in: query, required: false, schema: {type: boolean}}
                  responses:
                    '200':
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/ThingList'}
                    '404':
                      $ref: '#/components/responses/NotFound'
                post:
                  requestBody:
                    content:
                      application/json:
                        schema: {$ref: '#/components/schemas/CreateThing'}
                  responses:
                    '201':
                      description: Created
            components:
              parameters:
                Name: {name: name, in: path, required: true, schema: {type: string}}
              responses:
                NotFound:
                  description: Not found
                  content:
                    text/plain:
                      schema: {type: string}
              schemas:
                ThingList:
                  type: object
                  properties:
                    things: {type: array, items: {$ref: '#/components/schemas/Thing'}}
                Thing:
                  type: object
                  properties:
                    name: {type: string}
                    size: {type: integer}
                    labels: {type: object, additionalProperties: {type: string}}
                    owner:
                      type: object
                      properties:
                        id: {type: string}
                CreateThing:
                  type: object
                  properties:
                    name: {type: string}
                    size: {type: integer}
            """
        for (old, new) in edits {
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    private static let errorContentEntry = """
        - id: plain-text-errors
          operation: '*'
          kind: error-content-type
          location: '* responses.4XX.content.*'
          reason: errors are text
        """

    /// The findings between the reference and `ours`, with `entries` (YAML list items) as the differences list.
    private static func compare(
        _ ours: String,
        entries: String = errorContentEntry
    ) throws -> (all: [ContractFinding], uncovered: [ContractFinding], stale: [String]) {
        let referenceNodes = try ContractFlattener.flatten(
            ContractDocument(root: try ContractLoader.yaml(reference, name: "reference"))
        )
        let ourNodes = try ContractFlattener.flatten(
            ContractDocument(root: try ContractLoader.yaml(ours, name: "ours"))
        )
        let list = try DifferenceList(try ContractLoader.yaml("differences:\n" + entries, name: "differences"))
        let findings = ContractComparison.compare(reference: referenceNodes, ours: ourNodes)
        let stale = list.staleEntries(findings: findings, reference: referenceNodes, ours: ourNodes)
        return (findings, list.uncovered(findings), stale)
    }

    @Test("identical contracts in different styles compare equal")
    func equivalentDocumentsHaveNoUncoveredDifference() throws {
        let result = try Self.compare(Self.ours())
        #expect(result.uncovered.isEmpty, "\(result.uncovered.listing)")
        #expect(result.stale.isEmpty, "\(result.stale.listing)")
        #expect(
            result.all.map(\.location).sorted() == [
                "GET /things/{name} responses.404.content.application/json",
                "GET /things/{name} responses.404.content.text/plain",
            ])
    }

    @Test("a removed response field is reported with its location and schema key")
    func removedResponseFieldIsReported() throws {
        let result = try Self.compare(Self.ours([("        size: {type: integer}\n        labels", "        labels")]))
        let removed = try #require(result.uncovered.first)
        #expect(result.uncovered.count == 1, "\(result.uncovered.listing)")
        #expect(removed.location == "GET /things/{name} responses.200.content.application/json.things[].size")
        #expect(removed.schemaKey == "components.schemas.Thing.size")
        #expect(removed.message == ContractComparison.missingMessage)
    }

    @Test("a removed field nested in an inline object is reported")
    func removedNestedFieldIsReported() throws {
        let result = try Self.compare(Self.ours([("id: {type: string}", "ident: {type: string}")]))
        #expect(
            Set(result.uncovered.map(\.location)) == [
                "GET /things/{name} responses.200.content.application/json.things[].owner.id",
                "GET /things/{name} responses.200.content.application/json.things[].owner.ident",
            ])
    }

    @Test("a changed field type is reported, also inside map values")
    func changedTypesAreReported() throws {
        let result = try Self.compare(
            Self.ours([
                (
                    "labels: {type: object, additionalProperties: {type: string}}",
                    "labels: {type: object, additionalProperties: {type: integer}}"
                )
            ])
        )
        let changed = try #require(result.uncovered.first)
        #expect(result.uncovered.count == 1)
        #expect(changed.location == "GET /things/{name} responses.200.content.application/json.things[].labels{}")
        #expect(changed.message == "type differs: reference string, HiveKeep integer")
    }

    @Test("an added field is reported unless a difference entry covers it")
    func addedFieldNeedsAnEntry() throws {
        let added = Self.ours([("        labels:", "        colour: {type: string}\n        labels:")])
        let unlisted = try Self.compare(added)
        #expect(
            unlisted.uncovered.map(\.location) == [
                "GET /things/{name} responses.200.content.application/json.things[].colour"
            ])
        let listed = try Self.compare(
            added,
            entries: Self.errorContentEntry + """

                - id: thing-colour
                  operation: '*'
                  kind: added-field
                  location: components.schemas.Thing.colour
                  reason: things have colours
                """
        )
        #expect(listed.uncovered.isEmpty, "\(listed.uncovered.listing)")
        #expect(listed.stale.isEmpty, "\(listed.stale.listing)")
    }

    @Test("request body fields behind oneOf are compared")
    func requestBodyFieldsAreCompared() throws {
        let createThing = "    CreateThing:\n      type: object\n      properties:\n        name: {type: string}"
        let removed = try Self.compare(Self.ours([(createThing + "\n        size: {type: integer}", createThing)]))
        #expect(
            removed.uncovered.map(\.location) == [
                "POST /things/{name} requestBody.content.application/json.size"
            ])
        let renamed = try Self.compare(
            Self.ours([
                (
                    "    CreateThing:\n      type: object\n      properties:\n        name:",
                    "    CreateThing:\n      type: object\n      properties:\n        title:"
                )
            ])
        )
        #expect(
            Set(renamed.uncovered.map(\.location)) == [
                "POST /things/{name} requestBody.content.application/json.name",
                "POST /things/{name} requestBody.content.application/json.title",
            ])
    }

    @Test("missing operations, parameters and success statuses are reported")
    func missingOperationPartsAreReported() throws {
        let noPost = try Self.compare(Self.ours([("    post:", "    put:")]))
        #expect(noPost.uncovered.map(\.location).contains("POST /things/{name}"))
        #expect(noPost.uncovered.map(\.location).contains("PUT /things/{name}"))
        let optionalAll = try Self.compare(
            Self.ours([("{name: all, in: query, required: false", "{name: all, in: query, required: true")])
        )
        #expect(
            optionalAll.uncovered.map(\.description) == [
                "GET /things/{name} parameters.query.all: required differs: reference false, HiveKeep true"
            ])
        let created = try Self.compare(Self.ours([("        '201':", "        '200':")]))
        #expect(
            Set(created.uncovered.map(\.location)) == [
                "POST /things/{name} responses.200", "POST /things/{name} responses.201",
            ])
    }

    @Test("an entry that matches nothing is reported as stale")
    func staleEntriesAreReported() throws {
        let result = try Self.compare(
            Self.ours(),
            entries: Self.errorContentEntry + """

                - id: gone
                  operation: GET /things/{name}
                  kind: added-field
                  location: GET /things/{name} responses.200.content.application/json.colour
                  reason: no longer true
                - id: behaviour-elsewhere
                  operation: GET /nowhere
                  kind: changed-status
                  scope: behaviour
                  location: GET /nowhere responses.200
                  reason: not in the documents
                - id: behaviour-here
                  operation: GET /things/{name}
                  kind: nullable-to-array
                  scope: behaviour
                  location: GET /things/{name} responses.200.content.application/json.things
                  reason: reference sends null
                - id: outside-proxy
                  operation: MCP proxy
                  kind: changed-behaviour
                  scope: outside
                  location: GET /mcp
                  reason: not described by either document
                - id: outside-posing-as-operation
                  operation: GET /things/{name}
                  kind: changed-behaviour
                  scope: outside
                  location: anything
                  reason: an API operation belongs in a document or behaviour entry
                """
        )
        #expect(result.stale.count == 3, "\(result.stale.listing)")
        #expect(result.stale.contains { $0.hasPrefix("gone:") })
        #expect(result.stale.contains { $0.hasPrefix("behaviour-elsewhere:") })
        #expect(result.stale.contains { $0.hasPrefix("outside-posing-as-operation:") })
    }

    @Test("recursive schemas are compared without looping")
    func recursiveSchemasTerminate() throws {
        let recursive = Self.ours([
            (
                "            id: {type: string}",
                "            id: {type: string}\n            parent: {$ref: '#/components/schemas/Thing'}"
            )
        ])
        let result = try Self.compare(recursive)
        #expect(
            result.uncovered.map(\.location) == [
                "GET /things/{name} responses.200.content.application/json.things[].owner.parent"
            ])
    }

    @Test("location patterns match whole segments, status classes and alternatives")
    func locationPatternsMatchPrecisely() {
        func finding(_ location: String, _ key: String? = nil) -> ContractFinding {
            ContractFinding(location: location, schemaKey: key, message: "")
        }
        let error = finding("GET /a responses.404.content.application/json")
        #expect(LocationPattern.matches("* responses.4XX.content.*", finding: error))
        #expect(LocationPattern.matches("* responses.400|404.content.application/json", finding: error))
        #expect(LocationPattern.matches("GET /a responses.404.content.application/json", finding: error))
        #expect(!LocationPattern.matches("GET /b responses.404.content.application/json", finding: error))
        #expect(!LocationPattern.matches("* responses.5XX.content.*", finding: error))
        #expect(!LocationPattern.matches("* responses.4XX", finding: error))
        #expect(!LocationPattern.matches("* responses.*", finding: error))
        #expect(LocationPattern.matches("GET /a", finding: finding("GET /a")))
        #expect(!LocationPattern.matches("*", finding: finding("GET /a")))
        let field = finding("GET /a responses.200.content.application/json.items[].x", "components.schemas.Item.x")
        #expect(LocationPattern.matches("components.schemas.Item|Other.x|y", finding: field))
        #expect(!LocationPattern.matches("components.schemas.Item", finding: field))
        #expect(!LocationPattern.matches("components.schemas.Item.x", finding: finding("GET /a responses.200")))
        let header = finding("GET /a responses.200.headers.X-Request-Id")
        #expect(LocationPattern.matches("* responses.*.headers.X-Request-Id", finding: header))
        #expect(!LocationPattern.matches("* responses.*.headers.X-Other-Id", finding: header))
    }

    @Test("YAML anchors and repeated keys are refused")
    func unsafeYAMLIsRefused() {
        #expect(throws: ContractError.self) {
            try ContractLoader.yaml("a: &x 1\nb: *x\n", name: "anchors")
        }
        #expect(throws: ContractError.self) {
            try ContractLoader.yaml("a: 1\na: 2\n", name: "repeated")
        }
    }
}
