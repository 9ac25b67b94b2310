import Foundation
import HiveKeepTestSupport
import Testing

/// The hidden prompt on a real pseudo-terminal (`Fixtures/pty_prompt.py` plays the user): no echo while it waits,
/// and the terminal's echo is back afterwards, also when Ctrl-C ends the process at the prompt.
@Suite("hivekeep's hidden prompt on a terminal", .serialized, .timeLimit(.minutes(2)))
struct HiddenPromptTests {
    struct Outcome: Decodable {
        let prompted: Bool
        let echoWhilePrompting: Bool
        let echoAfter: Bool
        let signal: Int32?
        let exit: Int32?
        let shown: String

        enum CodingKeys: String, CodingKey {
            case prompted, signal, exit, shown
            case echoWhilePrompting = "echo_while_prompting"
            case echoAfter = "echo_after"
        }
    }

    static let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pty_prompt.py").path

    /// Runs `hivekeep ARGS` on a new pseudo-terminal, answering its prompt with `action`.
    static func onTerminal(
        _ action: String, _ arguments: [String], directory: TemporaryDirectory, environment: [String: String]
    ) async throws -> Outcome {
        let process = try ChildProcess(
            "/usr/bin/python3", [driver, action, try TestProducts.executable("hivekeep")] + arguments,
            environment: environment, logDirectory: directory.path)
        let status = try await process.wait(timeout: .seconds(60))
        #expect(status == 0, "\(process.errorOutput)")
        return try JSONDecoder().decode(Outcome.self, from: Data(process.output.utf8))
    }

    @Test("secret set: the typed value is not echoed; Ctrl-C at the prompt leaves the terminal's echo on")
    func secretSet() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = directory.isolatedEnvironment(extra: ["HIVEKEEP_SECRETS_PASSWORD": "prompt-test-pw"])
        let setup = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["secret", "setup", "encrypted"], environment: environment,
            logDirectory: directory.path, standardInput: "")
        #expect(try await setup.wait(timeout: .seconds(60)) == 0, "\(setup.errorOutput)")

        let typed = "typed-\(UUID().uuidString)"
        let answered = try await Self.onTerminal(
            "answer:\(typed)", ["secret", "set", "k"], directory: directory, environment: environment)
        #expect(answered.prompted && answered.shown.hasPrefix("Value for k: "), "\(answered.shown)")
        #expect(!answered.echoWhilePrompting)
        #expect(answered.exit == 0, "\(answered.shown)")
        #expect(!answered.shown.contains(typed), "echoed: \(answered.shown)")
        #expect(answered.echoAfter)

        let interrupted = try await Self.onTerminal(
            "interrupt", ["secret", "set", "other"], directory: directory, environment: environment)
        #expect(interrupted.prompted && !interrupted.echoWhilePrompting)
        #expect(interrupted.signal == SIGINT, "exit \(String(describing: interrupted.exit)): \(interrupted.shown)")
        #expect(interrupted.echoAfter, "Ctrl-C left the terminal without echo")

        let get = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["secret", "list"], environment: environment,
            logDirectory: directory.path, standardInput: "")
        #expect(try await get.wait(timeout: .seconds(60)) == 0)
        #expect(get.output == "k\n", "\(get.output)")
    }
}
