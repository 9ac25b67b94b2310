import Foundation
import HiveKeepCore
import Testing

@Suite("Core types")
struct HiveKeepErrorTests {
    struct Underlying: Error, CustomStringConvertible {
        var description: String { "disk on fire" }
    }

    @Test("an error shows callers its message and keeps its cause for the log")
    func descriptionIncludesCause() {
        let error = HiveKeepError(.unavailable, "cannot write the vault", cause: Underlying())
        #expect(error.description == "cannot write the vault")
        #expect(error.debugDescription == "cannot write the vault (cause: disk on fire)")
        #expect(HiveKeepError.invalid("bad").description == "bad")
        #expect(HiveKeepError.notFound("gone").code == .notFound)
    }

    @Test("JSON values round-trip through Codable")
    func jsonValueRoundTrip() throws {
        let text = #"{"a":[1,2.5,"x",true,null],"b":{"c":"d"}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value["b"]?["c"]?.stringValue == "d")
        #expect(value["a"] == .array([.int(1), .double(2.5), .string("x"), .bool(true), .null]))
        let again = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value))
        #expect(again == value)
    }

    @Test("an empty environment variable reads as unset")
    func emptyVariableIsUnset() {
        let environment = EnvironmentValues(["A": "", "B": "x"])
        #expect(environment["A"] == nil)
        #expect(environment["B"] == "x")
        #expect(environment["C"] == nil)
    }

    @Test("blocking work runs and returns its value off the concurrency pool")
    func blockingRuns() async throws {
        let value = try await Blocking.run { 6 * 7 }
        #expect(value == 42)
        await #expect(throws: HiveKeepError.self) { try await Blocking.run { throw HiveKeepError.invalid("x") } }
    }
}
