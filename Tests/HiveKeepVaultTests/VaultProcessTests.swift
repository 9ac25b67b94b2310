import Foundation
import HiveKeepTestSupport
import Testing

@testable import HiveKeepVault

/// Several processes on one vault: `hivekeep-test-helper vault-writer` does the writing.
@Suite("vault across processes", .serialized, .timeLimit(.minutes(5)))
struct VaultProcessTests {
    @Test("a writer killed with SIGKILL at random points leaves a vault that opens and holds every acknowledged write")
    func crashLeavesEveryAcknowledgedWrite() async throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create(["seed": "value of seed"])
        var acknowledged: [String] = []
        for round in 0..<6 {
            let writer = try startWriter(fixture, ["\(fixture.path)", "round\(round)", "0"], name: "writer-\(round)")
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...700)))
            writer.kill()
            acknowledged += Self.completeLines(writer.output)
            let contents = try fixture.vault().read()
            for key in acknowledged {
                #expect(VaultFixture.text(contents, key) == "value of \(key)", "round \(round): \(key)")
            }
        }
        #expect(!acknowledged.isEmpty)
    }

    @Test("two processes writing 500 distinct keys each at the same time leave all 1000")
    func twoWritersLoseNothing() async throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create([:])
        let first = try startWriter(fixture, [fixture.path, "a", "500"], name: "a")
        let second = try startWriter(fixture, [fixture.path, "b", "500"], name: "b")
        let firstStatus = try await first.wait(timeout: .seconds(120))
        let secondStatus = try await second.wait(timeout: .seconds(120))
        #expect(firstStatus == 0, "\(first.errorOutput)")
        #expect(secondStatus == 0, "\(second.errorOutput)")
        let contents = try fixture.vault().read()
        #expect(contents.count == 1000)
        #expect(VaultFixture.text(contents, "a-499") == "value of a-499")
        #expect(VaultFixture.text(contents, "b-0") == "value of b-0")
    }

    @Test("a rotation killed at random points leaves a vault that opens with the old or the new password")
    func interruptedRotationOpensWithOneOfThePasswords() async throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create()
        for round in 0..<4 {
            let rotator = try startWriter(fixture, ["--rotate", fixture.path], name: "rotate-\(round)")
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...900)))
            rotator.kill()
            let opened =
                (try? fixture.vault().read()) ?? (try? fixture.vault(password: VaultFixture.otherPassword).read())
            let contents = try #require(opened, "round \(round): opens with neither password")
            #expect(VaultFixture.text(contents, "alpha") == "first value")
            // Continue from whichever password the file has now.
            if (try? fixture.vault().read()) == nil {
                try fixture.vault(password: VaultFixture.otherPassword).rotatePassword(
                    to: try VaultFixture.secure(VaultFixture.password))
            }
        }
    }

    private func startWriter(_ fixture: VaultFixture, _ arguments: [String], name: String) throws -> ChildProcess {
        try ChildProcess(
            try TestProducts.executable("hivekeep-test-helper"),
            ["vault-writer"] + arguments,
            environment: fixture.directory.isolatedEnvironment(extra: [
                "HIVEKEEP_TEST_VAULT_PASSWORD": VaultFixture.password,
                "HIVEKEEP_TEST_VAULT_NEW_PASSWORD": VaultFixture.otherPassword,
            ]),
            logDirectory: fixture.directory.path,
            name: name
        )
    }

    /// The lines of `output` that end with a newline: a line cut short by the kill was not acknowledged.
    static func completeLines(_ output: String) -> [String] {
        output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
}
