import Foundation
import Keyring
import Testing

/// Access to the real Secret Service of the session the tests run in.
enum SessionKeyring {
    /// A keyring client for the test session; fails the test when there is no session bus.
    ///
    /// These tests must run, not skip: CI proves the keyring works by running them under
    /// `dbus-run-session -- sh scripts/keyring-session.sh swift test ...`.
    static func make() throws -> Keyring {
        let address = ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"] ?? ""
        try #require(
            !address.isEmpty,
            """
            DBUS_SESSION_BUS_ADDRESS is not set: run the keyring tests inside a private session with an unlocked \
            keyring: dbus-run-session -- sh scripts/keyring-session.sh swift test --filter KeyringTests
            """)
        return Keyring(deadline: .seconds(5))
    }

    /// A store id no other test uses, so tests can run in parallel against one keyring.
    static func uniqueStore(_ name: String = #function) -> String {
        "test-\(name.prefix { $0 != "(" })-\(UUID().uuidString)"
    }

    /// Looks up an item's secret as a string.
    static func lookupString(_ keyring: Keyring, _ item: KeyringItemAttributes) async throws -> String? {
        try await keyring.lookup(item) { String(decoding: $0, as: UTF8.self) }
    }

    /// Runs `secret-tool` in the test session (an independent libsecret client).
    static func secretTool(_ arguments: [String], stdin: String? = nil) async throws -> ChildResult {
        try await ChildProcess.run(
            try ChildProcess.which("secret-tool"), arguments,
            environment: ProcessInfo.processInfo.environment, stdin: stdin)
    }
}
