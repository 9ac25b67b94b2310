import Foundation
import Testing

/// Failures that need another environment, checked through `hivekeep-test-helper keyring-probe` in a child
/// process: this process's own environment is never changed.
@Suite(.timeLimit(.minutes(5))) struct KeyringFailureTests {
    @Test func withoutASessionBusTheKeyringRefusesBeforeCallingLibsecret() async throws {
        let result = try await ChildProcess.run(
            try ChildProcess.testHelper(), ["keyring-probe", "--deadline-ms", "10000", "lookup", "S", "K"],
            environment: ChildProcess.scrubbedEnvironment(), limit: .seconds(90))
        #expect(result.lines == ["noSessionBus"])
        #expect(result.stderr.contains("DBUS_SESSION_BUS_ADDRESS"))
        #expect(result.stderr.contains("gnome-keyring-daemon --unlock --components=secrets"))
    }

    @Test func aBusWithoutASecretServiceGivesNoSecretServiceNotATimeout() async throws {
        try await PrivateBus.with(.none) { address in
            var environment = ChildProcess.scrubbedEnvironment()
            environment["DBUS_SESSION_BUS_ADDRESS"] = address
            // A 10 s deadline: an answer other than timeout shows the failure came from the bus, not the clock.
            let result = try await ChildProcess.run(
                try ChildProcess.testHelper(), ["keyring-probe", "--deadline-ms", "10000", "status"],
                environment: environment, limit: .seconds(90))
            #expect(result.lines == ["noSecretService"])
            #expect(result.stderr.contains("org.freedesktop.secrets"))
            #expect(result.stderr.contains("dbus-run-session"))
        }
    }

    @Test func aSecretServiceThatNeverAnswersTimesOutAtTheDeadline() async throws {
        try await PrivateBus.with(.hangs) { address in
            var environment = ChildProcess.scrubbedEnvironment()
            environment["DBUS_SESSION_BUS_ADDRESS"] = address
            let result = try await ChildProcess.run(
                try ChildProcess.testHelper(), ["keyring-probe", "--deadline-ms", "300", "lookup", "S", "K"],
                environment: environment, limit: .seconds(90))
            #expect(result.lines == ["timeout"])
        }
    }

    @Test func aKeyringUnlockedWithTheWrongPasswordReportsLockedNotMissing() async throws {
        let home = try ChildProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let helper = try ChildProcess.testHelper()
        let script = ChildProcess.packageRoot.appendingPathComponent("scripts/keyring-session.sh").path
        var environment = ChildProcess.scrubbedEnvironment()
        environment["HOME"] = home.path
        environment["HIVEKEEP_TEST_LOGS"] = home.path
        environment["KEYRING_PW"] = "the right password"
        let session = try ChildProcess.which("dbus-run-session")

        // The right password creates the login keyring, unlocked.
        let first = try await ChildProcess.run(
            session, ["--", "sh", script, helper, "keyring-probe", "status"], environment: environment)
        try #require(first.lines == ["ok"], "setup session failed: \(first.stdout) \(first.stderr)")

        // A wrong one leaves it locked: every operation must say so.
        environment["KEYRING_PW"] = "a wrong password"
        let probes = """
            "$0" keyring-probe status; "$0" keyring-probe lookup S K
            printf value | "$0" keyring-probe store S K; "$0" keyring-probe clear S K
            """
        let second = try await ChildProcess.run(
            session, ["--", "sh", script, "sh", "-c", probes, helper], environment: environment)
        #expect(second.lines == ["locked", "locked", "locked", "locked"], "\(second.stderr)")
    }
}
