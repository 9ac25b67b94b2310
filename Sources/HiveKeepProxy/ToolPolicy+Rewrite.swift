import Foundation
import HiveKeepCore

/// Applying a ``ToolPolicy`` to messages: tools lists on the way down, tool calls on the way up.
extension ToolPolicy {
    /// A response message with its `result.tools` filtered and overridden; the message itself when it lists no tools.
    func rewritingToolList(_ message: RPCMessage) -> RPCMessage {
        guard !isEmpty, let result = message.result,
            JSONBytes.member("tools", of: message.bytes, in: result) != nil,
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(message.bytes[result])),
            case .object(var members) = value, case .array(let tools) = members["tools"]
        else { return message }
        members["tools"] = .array(tools.compactMap(rewrite(tool:)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let encoded = try? encoder.encode(JSONValue.object(members)) else { return message }
        var rewritten = message
        do {
            try rewritten.replace(result, with: Array(encoded))
            return rewritten
        } catch {
            return message
        }
    }

    private func rewrite(tool: JSONValue) -> JSONValue? {
        guard case .object(var members) = tool, let name = members["name"]?.stringValue else { return tool }
        guard allows(realName: name) else { return nil }
        if let override = overrides[name] {
            if let newName = override.name { members["name"] = .string(newName) }
            if let description = override.description { members["description"] = .string(description) }
        }
        return .object(members)
    }

    /// Maps the tool name of a `tools/call` request back to the real name; returns a JSON-RPC error message
    /// (to answer the client with) when the tool is filtered out or unknown.
    func mapToolCall(_ message: inout RPCMessage) -> String? {
        guard !isEmpty, message.method == "tools/call" else { return nil }
        guard let nameRange = JSONBytes.member("name", of: message.bytes, in: message.params),
            let exposed = JSONBytes.string(message.bytes, nameRange)
        else { return "tools/call needs params.name" }
        guard let real = realName(forExposed: exposed) else { return "Unknown tool: \(exposed)" }
        if real != exposed {
            do { try message.replace(nameRange, with: JSONBytes.literal(real)) } catch { return "malformed request" }
        }
        return nil
    }
}
