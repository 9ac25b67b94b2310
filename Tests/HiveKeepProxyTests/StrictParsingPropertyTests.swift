import Foundation
import HiveKeepTestSupport
import Testing

@testable import HiveKeepProxy

/// The proxy sees what the server sees: for generated messages, what the proxy forwards is read by Foundation's
/// JSONSerialization, Python's `json` and pydantic-core (the `mcp` SDK's parser) with the method and tool name the
/// proxy checked; every message they could read differently is refused.
@Suite("Strict parsing properties", .timeLimit(.minutes(2)))
struct StrictParsingPropertyTests {
    static let policy = ToolPolicy(allowed: ["echo", "real"], overrides: ["real": ToolOverride(name: "alias")])

    /// What the proxy did with one body.
    struct Decision {
        var refusal: String?
        var forwarded: [UInt8]?
        var method: String?
        var name: String?
    }

    static func decide(_ bytes: [UInt8]) -> Decision {
        var message: RPCMessage
        do {
            message = try RPCMessage(downstream: bytes)
        } catch {
            return Decision(refusal: error.message)
        }
        if let refusal = policy.mapToolCall(&message) { return Decision(refusal: "policy: \(refusal)") }
        return Decision(forwarded: message.bytes, method: message.method, name: message.paramString("name"))
    }

    /// Python's readings of `bodies`, one process for all of them.
    static func pythonReadings(_ bodies: [[UInt8]]) async throws -> [[String: Any]] {
        let directory = NSTemporaryDirectory() + "hivekeep-strict-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/cases.hex"
        let lines = bodies.map { $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n")
        try Data((lines + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let child = try ChildProcess(
            try PythonTools.executable("python"), [Fixtures.path("json_readings.py"), input],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory], logDirectory: directory)
        defer { child.kill() }
        let status = try await child.wait(timeout: .seconds(60))
        try #require(status == 0, "json_readings.py failed: \(child.errorOutput.suffix(2000))")
        return try child.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func hex(_ text: String?) -> String? {
        text.map { Array($0.utf8).map { String(format: "%02x", $0) }.joined() }
    }

    /// Foundation's reading: (parsed, method, params.name).
    static func foundationReading(_ bytes: [UInt8]) -> (Bool, String?, String?) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            return (false, nil, nil)
        }
        return (true, object["method"] as? String, (object["params"] as? [String: Any])?["name"] as? String)
    }

    @Test("forwarded messages read the same everywhere; defective ones are refused, clean ones are not")
    func generatedMessages() async throws {
        var generator = MessageGenerator(random: SeededRandom(state: 0x4869_7665_4B65_6570))
        let cases = (0..<1500).map { _ in generator.next() }
        let decisions = cases.map { Self.decide($0.bytes) }
        let forwardedBodies = decisions.compactMap(\.forwarded)
        let readings = try await Self.pythonReadings(cases.map(\.bytes) + forwardedBodies)
        try #require(readings.count == cases.count + forwardedBodies.count)
        var forwardedIndex = cases.count
        var lenientDisagreements = 0
        for (index, (item, decision)) in zip(cases, decisions).enumerated() {
            let label = "case \(index) (\(item.label)): \(String(decoding: item.bytes, as: UTF8.self))"
            let strictRefusal = decision.refusal.map { !$0.hasPrefix("policy: ") } ?? false
            #expect(strictRefusal == item.refuse, "\(label) → \(decision.refusal ?? "forwarded")")
            // The old lenient reading (first duplicate wins, escaped names unrecognized) against Python's.
            let python = try #require(readings[index]["json"] as? [String: Any])
            let lenient = try? RPCMessage(item.bytes)
            if python["ok"] as? Bool == true, python["batch"] == nil,
                python["method"] as? String != Self.hex(lenient?.method)
                    || python["name"] as? String != Self.hex(lenient?.paramString("name"))
            {
                lenientDisagreements += 1
                #expect(strictRefusal, "a standard parser reads \(label) differently, yet it was not refused")
            }
            guard let forwarded = decision.forwarded else { continue }
            let seen = readings[forwardedIndex]
            forwardedIndex += 1
            for parser in ["json", "jiter"] {
                let reading = try #require(seen[parser] as? [String: Any], "\(parser) missing")
                #expect(reading["ok"] as? Bool == true, "\(parser) cannot parse forwarded \(label)")
                #expect(reading["method"] as? String == Self.hex(decision.method), "\(parser) method: \(label)")
                #expect(reading["name"] as? String == Self.hex(decision.name), "\(parser) name: \(label)")
            }
            let foundation = Self.foundationReading(forwarded)
            #expect(foundation.0, "Foundation cannot parse forwarded \(label)")
            #expect(foundation.1 == decision.method && foundation.2 == decision.name, "Foundation: \(label)")
            if decision.method == "tools/call" {
                #expect(["echo", "real"].contains(decision.name ?? ""), "forwarded a call of \(decision.name ?? "-")")
            }
        }
        // The generator must really produce what the issue describes: messages the old reading got wrong.
        #expect(lenientDisagreements > 50)
        #expect(decisions.filter { $0.forwarded != nil }.count > 300)
    }
}
