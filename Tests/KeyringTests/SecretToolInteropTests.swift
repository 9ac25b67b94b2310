import Keyring
import Testing

/// `secret-tool`, an independent libsecret client in the same session, sees what Keyring stores and vice versa.
@Suite(.timeLimit(.minutes(5))) struct SecretToolInteropTests {
    @Test func secretToolFindsWhatKeyringStored() async throws {
        let keyring = try SessionKeyring.make()
        let store = SessionKeyring.uniqueStore()
        let item = KeyringItemAttributes(kind: .secret, store: store, key: "API_KEY")
        try await keyring.store(item, label: "from keyring", secret: Array("s3cr3t from Keyring".utf8))
        let found = try await SessionKeyring.secretTool(["lookup", "kind", "secret", "store", store, "key", "API_KEY"])
        #expect(found.status == 0)
        #expect(found.stdout == "s3cr3t from Keyring")
        try await keyring.clear(item)
    }

    @Test func keyringFindsListsAndClearsWhatSecretToolStored() async throws {
        let keyring = try SessionKeyring.make()
        let store = SessionKeyring.uniqueStore()
        let attributes = ["kind", "secret", "store", store, "key", "PEER_KEY"]
        let stored = try await SessionKeyring.secretTool(
            ["store", "--label=from secret-tool"] + attributes, stdin: "s3cr3t from secret-tool")
        try #require(stored.status == 0, "secret-tool store failed: \(stored.stderr)")

        let item = KeyringItemAttributes(kind: .secret, store: store, key: "PEER_KEY")
        #expect(try await SessionKeyring.lookupString(keyring, item) == "s3cr3t from secret-tool")
        #expect(try await keyring.search(kind: .secret, store: store) == [item])
        #expect(try await keyring.clear(item) == true)

        let after = try await SessionKeyring.secretTool(["lookup"] + attributes)
        #expect(after.stdout.isEmpty)
    }
}

/// Items of other programs (no HiveKeep schema), such as ToolHive's password entry, are found by their attributes.
@Suite(.timeLimit(.minutes(5))) struct ForeignItemTests {
    @Test func lookupFindsAnItemStoredByAnotherProgramAndNothingElse() async throws {
        let keyring = try SessionKeyring.make()
        let service = SessionKeyring.uniqueStore()
        let stored = try await SessionKeyring.secretTool(
            ["store", "--label=foreign", "service", service, "username", "toolhive"], stdin: "foreign s3cr3t")
        try #require(stored.status == 0, "secret-tool store failed: \(stored.stderr)")

        let found = try await keyring.lookup(foreign: ["service": service, "username": "toolhive"]) {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(found == "foreign s3cr3t")
        let other = try await keyring.lookup(foreign: ["service": service, "username": "someone-else"]) {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(other == nil)
        await #expect(throws: KeyringError.self) { _ = try await keyring.lookup(foreign: [:]) { _ in 0 } }
        _ = try await SessionKeyring.secretTool(["clear", "service", service, "username", "toolhive"])
    }
}
