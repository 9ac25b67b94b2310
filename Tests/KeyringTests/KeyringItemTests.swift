import Foundation
import Keyring
import Testing

/// Store, lookup, search and clear against the real gnome-keyring of the test session.
@Suite(.timeLimit(.minutes(5))) struct KeyringItemTests {
    @Test func lookupReturnsTheSecretThatWasStored() async throws {
        let keyring = try SessionKeyring.make()
        let item = KeyringItemAttributes(kind: .secret, store: SessionKeyring.uniqueStore(), key: "GITHUB_TOKEN")
        try await keyring.store(item, label: "round trip", secret: Array("ghp_pässwörd 🔑".utf8))
        #expect(try await SessionKeyring.lookupString(keyring, item) == "ghp_pässwörd 🔑")
        try await keyring.clear(item)
    }

    @Test func storingTheSameAttributesAgainReplacesTheSecret() async throws {
        let keyring = try SessionKeyring.make()
        let store = SessionKeyring.uniqueStore()
        let item = KeyringItemAttributes(kind: .vaultPassword, store: store, key: "vault")
        try await keyring.store(item, label: "first", secret: Array("one".utf8))
        try await keyring.store(item, label: "second", secret: Array("two".utf8))
        #expect(try await SessionKeyring.lookupString(keyring, item) == "two")
        #expect(try await keyring.search(kind: .vaultPassword, store: store) == [item])
        try await keyring.clear(item)
    }

    @Test func lookupOfAMissingItemReturnsNil() async throws {
        let keyring = try SessionKeyring.make()
        let item = KeyringItemAttributes(kind: .secret, store: SessionKeyring.uniqueStore(), key: "NOPE")
        let value = try await keyring.lookup(item) { _ in "called" }
        #expect(value == nil)
    }

    @Test func searchListsTheKeysOfOneKindInOneStoreOnly() async throws {
        let keyring = try SessionKeyring.make()
        let store = SessionKeyring.uniqueStore()
        let other = SessionKeyring.uniqueStore()
        let wanted = ["B_KEY", "A_KEY"].map { KeyringItemAttributes(kind: .secret, store: store, key: $0) }
        let unwanted = [
            KeyringItemAttributes(kind: .signingKey, store: store, key: "C_KEY"),
            KeyringItemAttributes(kind: .secret, store: other, key: "D_KEY"),
        ]
        for item in wanted + unwanted {
            try await keyring.store(item, label: item.description, secret: Array("value".utf8))
        }
        #expect(try await keyring.search(kind: .secret, store: store).map(\.key) == ["A_KEY", "B_KEY"])
        #expect(try await keyring.search(kind: .signingKey, store: store).map(\.key) == ["C_KEY"])
        #expect(try await keyring.search(kind: .vaultPassword, store: store).isEmpty)
        for item in wanted + unwanted {
            try await keyring.clear(item)
        }
        #expect(try await keyring.search(kind: .secret, store: store).isEmpty)
    }

    @Test func clearRemovesTheItemOnceThenReportsNothingRemoved() async throws {
        let keyring = try SessionKeyring.make()
        let item = KeyringItemAttributes(kind: .signingKey, store: SessionKeyring.uniqueStore(), key: "signer")
        try await keyring.store(item, label: "to clear", secret: Array("c2lnbmluZy1rZXk=".utf8))
        #expect(try await keyring.clear(item) == true)
        #expect(try await SessionKeyring.lookupString(keyring, item) == nil)
        #expect(try await keyring.clear(item) == false)
    }

    @Test func anUnlockedSessionKeyringReportsAvailable() async throws {
        let keyring = try SessionKeyring.make()
        #expect(await keyring.status() == .available)
        try await keyring.checkAvailable()
    }

    @Test func aSecretThatIsNotUTF8TextIsRejectedWithoutItsBytesInTheMessage() async throws {
        let keyring = try SessionKeyring.make()
        let item = KeyringItemAttributes(kind: .secret, store: SessionKeyring.uniqueStore(), key: "BINARY")
        let secret = Array("MARKER-SECRET".utf8) + [0xFF, 0x00, 0x01]
        let error = await #expect(throws: KeyringError.self) {
            try await keyring.store(item, label: "binary", secret: secret)
        }
        #expect(error.map { if case .invalidArgument = $0 { true } else { false } } == true)
        #expect(error.map { String(describing: $0).contains("MARKER") } == false)
        #expect(try await SessionKeyring.lookupString(keyring, item) == nil)
    }
}
