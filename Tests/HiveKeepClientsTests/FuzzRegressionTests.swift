import Foundation
import HiveKeepCore
import Testing

@testable import HiveKeepClients

/// Inputs that `scripts/fuzz.sh` found crashing, kept so that they never crash again.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let entry = ConfigValue.object([.init("url", .string("http://127.0.0.1:1/mcp"))])

    @Test("jsonc-editor: a high surrogate escape followed by another \\u that is not a low one no longer traps")
    func highSurrogateThenNonLow() throws {
        // crash-3811ffeab35bd6d6200fcebef06ca3fbda17adfd (arithmetic overflow in JSONCScanner.escape).
        let found =
            Array(
                #"{"<<=,u=D,,\uDB9D\uDB9D\,=u=D,,\uDB9D=,\uDB9D99-99"#.utf8) + [0x04, 0x44]
        #expect(throws: (any Error).self) {
            try JSONCEditor.upsert(found, path: ["mcpServers"], name: "x", value: Self.entry)
        }

        // A lone high surrogate before a valid pair: read as U+FFFD, the pair after it still one scalar.
        let text = Array(#"{"note": "\uD83D\uD83D\uDE00", "mcpServers": {}}"#.utf8)
        let edited = try JSONCEditor.upsert(text, path: ["mcpServers"], name: "x", value: Self.entry)
        #expect(String(decoding: edited, as: UTF8.self).contains(#""x": {"#))
        let removed = try JSONCEditor.remove(edited, path: ["mcpServers"], name: "x")
        #expect(!String(decoding: removed, as: UTF8.self).contains(#""x""#))
    }
}
