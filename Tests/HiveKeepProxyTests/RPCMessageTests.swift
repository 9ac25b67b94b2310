import Foundation
import Testing

@testable import HiveKeepProxy

/// The byte-level JSON-RPC editing the hot path relies on: it must keep every other byte and stay valid JSON.
@Suite("Byte-level JSON-RPC editing")
struct RPCMessageTests {
    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test("members are found past strings holding braces, quotes and escapes")
    func scanSkipsTrickyStrings() throws {
        let text = #"{"params":{"a":"}{\"]","_meta":{"progressToken":"t"}},"method":"tools/call","id":"x\"y"}"#
        let message = try RPCMessage(Array(text.utf8))
        #expect(message.method == "tools/call")
        #expect(message.idBytes == Array(#""x\"y""#.utf8))
        #expect(message.metaValue("progressToken") == Array(#""t""#.utf8))
        #expect(message.kind == .request)
    }

    @Test("the envelope is inserted into _meta, a new _meta, or new params, and removed again")
    func envelopeInsertAndRemove() throws {
        let envelope = Array(#""io.modelcontextprotocol/protocolVersion":"2026-07-28""#.utf8)
        for text in [
            #"{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"k":1},"x":2}}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"m","params":{"x":2}}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"m","params":{}}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"m"}"#,
        ] {
            var message = try RPCMessage(Array(text.utf8))
            try message.insertIntoMeta(envelope)
            #expect(message.isStateless, "\(text)")
            let params = try #require(try Self.object(message.bytes)["params"] as? [String: Any])
            #expect(
                (params["_meta"] as? [String: Any])?["io.modelcontextprotocol/protocolVersion"] as? String
                    == "2026-07-28")
            try message.removeFromMeta(MCPProtocol.envelopeKeys)
            #expect(!message.isStateless)
            _ = try Self.object(message.bytes)
        }
    }

    @Test("a policy hides filtered tools, renames and redescribes, and maps calls back to the real name")
    func toolPolicy() throws {
        let policy = ToolPolicy(allowed: ["a", "b"], overrides: ["a": ToolOverride(name: "alpha", description: "A!")])
        let reply = try RPCMessage(
            Array(
                #"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a","description":"x"},{"name":"b"},{"name":"c"}]}}"#
                    .utf8))
        let rewritten = try Self.object(policy.rewritingToolList(reply).bytes)
        let tools = try #require((rewritten["result"] as? [String: Any])?["tools"] as? [[String: Any]])
        #expect(tools.compactMap { $0["name"] as? String } == ["alpha", "b"])
        #expect(tools.first?["description"] as? String == "A!")
        func call(_ name: String) throws -> (String?, String?) {
            var message = try RPCMessage(
                Array(#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\#(name)"}}"#.utf8))
            let refusal = policy.mapToolCall(&message)
            return (refusal, message.paramString("name"))
        }
        #expect(try call("alpha") == (nil, "a"))
        #expect(try call("b") == (nil, "b"))
        #expect(try call("a").0 == "Unknown tool: a")
        #expect(try call("c").0 == "Unknown tool: c")
    }
}
