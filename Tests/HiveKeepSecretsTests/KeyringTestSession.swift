import Foundation
import HiveKeepSecrets
import Keyring
import Testing

/// The real Secret Service of the private D-Bus session the tests run in.
enum KeyringTestSession {
    /// A keyring client for the test session; fails the calling test when there is no session bus.
    ///
    /// These tests must run, never skip: the test command runs them inside a private session with an unlocked
    /// gnome-keyring.
    static func keyring() throws -> Keyring {
        let address = ProcessInfo.processInfo.environment[Keyring.sessionBusVariable] ?? ""
        try #require(
            !address.isEmpty,
            """
            DBUS_SESSION_BUS_ADDRESS is not set: run the keyring tests inside a private session with an unlocked \
            keyring: HOME=$(mktemp -d) dbus-run-session -- sh scripts/keyring-session.sh swift test \
            --filter HiveKeepSecretsTests
            """)
        return Keyring(deadline: .seconds(10))
    }

    /// A store id no other test uses, so tests can run in parallel against one keyring.
    static func uniqueStore(_ name: String = #function) -> String {
        "test-\(name.prefix { $0 != "(" })-\(UUID().uuidString)"
    }

    /// A keyring client that finds no session bus, as when the keyring is gone.
    static func unreachable() -> Keyring {
        Keyring(deadline: .seconds(2), environment: { _ in nil })
    }

    /// The conformance subject for the keyring provider: each instance gets a store of its own.
    static func subject() -> ConformanceSubject {
        ConformanceSubject(type: .keyring, capabilities: .readWrite) { initial in
            let provider = KeyringProvider(keyring: try keyring(), storeID: uniqueStore("conformance"))
            return try await ConformanceSubject.seed(provider, initial)
        }
    }
}
