import Foundation
import Testing

@testable import HiveKeepProxy

/// The strict reading of client messages: what is refused, with which JSON-RPC code and message, and what passes.
@Suite("Strict JSON-RPC reading")
struct StrictJSONTests {
    static func refusal(_ text: String) -> ProxyFailure? {
        refusal(Array(text.utf8))
    }

    static func refusal(_ bytes: [UInt8]) -> ProxyFailure? {
        do {
            _ = try RPCMessage(downstream: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("the issue's duplicate tool name is refused before the policy sees it, and so is an escaped method name")
    func issueExamples() throws {
        let duplicate = Self.refusal(
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"allowed","name":"hidden"}}"#)
        #expect(duplicate?.code == -32600)
        #expect(duplicate?.httpStatus == 400)
        #expect(duplicate?.message == #"duplicate member "name" in params"#)
        let escaped = Self.refusal(#"{"jsonrpc":"2.0","id":1,"m\u0065thod":"tools/call","params":{"name":"x"}}"#)
        #expect(escaped?.message == "a member name in the message contains an escape sequence")
    }

    @Test(
        "ambiguous envelopes, params and _meta are refused with -32600",
        arguments: [
            (#"{"id":1,"id":2,"method":"ping"}"#, #"duplicate member "id" in the message"#),
            (
                #"{"jsonrpc":"2.0","jsonrpc":"1.0","id":1,"method":"ping"}"#,
                #"duplicate member "jsonrpc" in the message"#
            ),
            (#"{"id":1,"method":"ping","method":"tools/call"}"#, #"duplicate member "method" in the message"#),
            (#"{"id":1,"method":"m","params":{},"params":{"name":"x"}}"#, #"duplicate member "params" in the message"#),
            (#"{"id":1,"method":"m","params":{"_meta":{},"_meta":{}}}"#, #"duplicate member "_meta" in params"#),
            (
                #"{"id":1,"method":"m","params":{"_meta":{"progressToken":1,"progressToken":2}}}"#,
                #"duplicate member "progressToken" in params._meta"#
            ),
            (
                #"{"id":1,"method":"m","params":{"n\u0061me":"x"}}"#,
                "a member name in params contains an escape sequence"
            ),
            (#"{"id":1,"method":"m","params":{"\/x":1}}"#, "a member name in params contains an escape sequence"),
            (
                #"{"id":1,"method":"m","params":{"_meta":{"progress\u0054oken":1}}}"#,
                "a member name in params._meta contains an escape sequence"
            ),
            (#"[{"id":1,"method":"ping"}]"#, "JSON-RPC batches are not supported"),
            (#"  [ ]"#, "JSON-RPC batches are not supported"),
            (#""ping""#, "the body is not a JSON-RPC message (a JSON object)"),
            (#"{"id":1,"method":5}"#, "the method must be a string"),
        ])
    func ambiguous(_ text: String, _ message: String) {
        let refusal = Self.refusal(text)
        #expect(refusal?.message == message)
        #expect(refusal?.code == -32600)
    }

    @Test(
        "bodies that are not exactly one RFC 8259 value are refused with -32700",
        arguments: [
            #"{"id":1,"method":"ping"} x"#, #"{"id":1,"method":"ping"}{}"#, #"{"id":1,"method":"ping",}"#,
            #"{"id":1,"method":"ping","params":{"a":NaN}}"#, #"{"id":01,"method":"ping"}"#,
            #"{"id":1,"method":"p\ud800"}"#, #"{"id":1,"method":"p\udc00\ud800"}"#, #"{"id":1,"method":"\x"}"#,
            #"{'id':1}"#, #"{"id":1,"method":"ping""#, "", "   ",
            #"{"id":1,"method":"m","params":{"a":"# + String(repeating: "[", count: 200)
                + String(repeating: "]", count: 200) + "}}",
        ])
    func malformed(_ text: String) {
        #expect(Self.refusal(text)?.code == -32700, "\(text)")
    }

    @Test("invalid UTF-8, encoded surrogates, a BOM and raw control characters are refused")
    func invalidBytes() {
        let head = Array(#"{"id":1,"method":"ping","params":{"a":""#.utf8)
        let tail = Array(#""}}"#.utf8)
        for bad: [UInt8] in [
            [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x01],
        ] {
            #expect(Self.refusal(head + bad + tail)?.code == -32700, "\(bad)")
        }
        #expect(Self.refusal([0xEF, 0xBB, 0xBF] + Array(#"{"id":1,"method":"ping"}"#.utf8)) != nil)
    }

    @Test("clean messages pass: escapes in values, unicode, duplicates and escapes deep inside arguments")
    func accepted() throws {
        for text in [
            #" {"jsonrpc":"2.0","id":1,"method":"tools\/call","params":{"name":"\u0065cho","arguments":{"a":1,"a":2,"b\u0062":"日本😀\ud83d\ude00"}}} "#,
            #"{"id":"x","method":"ping","params":{"_meta":{"progressToken":"t","io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"#,
            #"{"jsonrpc":"2.0","id":7,"result":{"x":[1,-2.5e3,true,false,null,{}]}}"#,
            String(repeating: "[", count: 100).replacingOccurrences(of: "[", with: "")
                + #"{"id":1,"method":"m","params":{"a":"# + String(repeating: "[", count: 120)
                + String(repeating: "]", count: 120) + "}}",
        ] {
            #expect(Self.refusal(text) == nil, "\(text)")
        }
        let message = try RPCMessage(
            downstream: Array(#"{"id":1,"method":"tools\/call","params":{"name":"\u0065cho"}}"#.utf8))
        #expect(message.method == "tools/call")
        #expect(message.paramString("name") == "echo")
    }
}
