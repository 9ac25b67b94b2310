import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepTestSupport
import Keyring
import Sodium
import Testing

/// The keyring provider against the real gnome-keyring of the test session.
@Suite(.timeLimit(.minutes(2))) struct KeyringProviderTests {
    let audit = RecordingAuditRecorder()
    var context: SecretsCallContext { SecretsCallContext(caller: "cli", audit: audit) }

    @Test(arguments: ProviderConformance.Check.applicable(to: .readWrite))
    func passesTheConformanceSuite(_ check: ProviderConformance.Check) async throws {
        try await ProviderConformance(KeyringTestSession.subject()).run(check)
    }

    @Test func providersWithDifferentStoreIDsDoNotSeeEachOthersItems() async throws {
        let keyring = try KeyringTestSession.keyring()
        let first = KeyringProvider(keyring: keyring, storeID: KeyringTestSession.uniqueStore())
        let second = KeyringProvider(keyring: keyring, storeID: KeyringTestSession.uniqueStore())
        try await first.create("SHARED", value: SecureBytes(copying: "first".utf8), context: context)
        #expect(try await second.get("SHARED", context: context) == nil)
        #expect(try await second.list(context: context) == [])
        try await second.create("SHARED", value: SecureBytes(copying: "second".utf8), context: context)
        try await second.cleanup(context: context)
        let kept = try #require(try await first.get("SHARED", context: context))
        #expect(kept.isEqual(to: Array("first".utf8)))
        #expect(try await first.list(context: context) == ["SHARED"])
        try await first.cleanup(context: context)
    }

    @Test func listAndCleanupLeaveTheVaultPasswordAndSigningKeyOfTheSameStoreAlone() async throws {
        let keyring = try KeyringTestSession.keyring()
        let store = KeyringTestSession.uniqueStore()
        let others = [
            KeyringItemAttributes(kind: .vaultPassword, store: store, key: "secrets.vault"),
            KeyringItemAttributes(kind: .signingKey, store: store, key: "TOKEN"),
        ]
        for item in others {
            try await keyring.store(item, label: "other kind", secret: Array("kept-\(item.kind)".utf8))
        }
        let provider = KeyringProvider(keyring: keyring, storeID: store)
        try await provider.create("TOKEN", value: SecureBytes(copying: "secret".utf8), context: context)
        #expect(try await provider.list(context: context) == ["TOKEN"])
        try await provider.cleanup(context: context)
        #expect(try await provider.list(context: context) == [])
        for item in others {
            let value = try await keyring.lookup(item) { String(decoding: $0, as: UTF8.self) }
            #expect(value == "kept-\(item.kind)")
            #expect(try await keyring.clear(item))
        }
    }

    @Test func eachSecretIsOneLabelledItemWithTheHiveKeepAttributes() async throws {
        let keyring = try KeyringTestSession.keyring()
        let store = KeyringTestSession.uniqueStore()
        let provider = KeyringProvider(keyring: keyring, storeID: store)
        try await provider.create("GITHUB_TOKEN", value: SecureBytes(copying: "ghp_abc".utf8), context: context)
        let item = KeyringItemAttributes(kind: .secret, store: store, key: "GITHUB_TOKEN")
        #expect(try await keyring.lookup(item) { String(decoding: $0, as: UTF8.self) } == "ghp_abc")

        let logs = try TemporaryDirectory()
        defer { logs.remove() }
        let tool = try ChildProcess(
            "/usr/bin/secret-tool", ["search", "--all", "kind", "secret", "store", store, "key", "GITHUB_TOKEN"],
            environment: ProcessInfo.processInfo.environment, logDirectory: logs.path)
        #expect(try await tool.wait() == 0)
        let listing = tool.output + tool.errorOutput
        #expect(listing.contains("label = hivekeep: GITHUB_TOKEN"), "\(listing)")
        try await provider.cleanup(context: context)
    }

    @Test func concurrentCreatesOfOneKeyLetExactlyOneWin() async throws {
        let provider = KeyringProvider(
            keyring: try KeyringTestSession.keyring(), storeID: KeyringTestSession.uniqueStore())
        let context = self.context
        let winners = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<6 {
                group.addTask {
                    do {
                        try await provider.create(
                            "RACE", value: SecureBytes(copying: "v\(index)".utf8), context: context)
                        return "v\(index)"
                    } catch let error as HiveKeepError where error.code == .alreadyExists {
                        return nil
                    }
                }
            }
            return try await group.reduce(into: []) { winners, winner in winner.map { winners.append($0) } }
        }
        #expect(winners.count == 1)
        let stored = try #require(try await provider.get("RACE", context: context))
        #expect(stored.isEqual(to: Array((winners.first ?? "").utf8)))
        try await provider.cleanup(context: context)
    }

    @Test func valuesTheKeyringCannotHoldAreRefusedBeforeAnythingIsWritten() async throws {
        let provider = KeyringProvider(
            keyring: try KeyringTestSession.keyring(), storeID: KeyringTestSession.uniqueStore())
        for bytes: [UInt8] in [Array("a\0b".utf8), [0x66, 0xff, 0x66]] {
            do {
                try await provider.create("BINARY", value: SecureBytes(copying: bytes), context: context)
                Issue.record("a value the keyring cannot hold was accepted")
            } catch let error as HiveKeepError {
                #expect(error.code == .invalidArgument)
            }
        }
        #expect(audit.events.isEmpty)
        #expect(try await provider.list(context: context) == [])
    }

    @Test func anEmptyKeyIsAnInvalidArgument() async throws {
        let provider = KeyringProvider(
            keyring: try KeyringTestSession.keyring(), storeID: KeyringTestSession.uniqueStore())
        await #expect(throws: HiveKeepError.self) {
            try await provider.create("", value: SecureBytes(copying: "v".utf8), context: context)
        }
        do {
            _ = try await provider.get("", context: context)
            Issue.record("an empty key was accepted")
        } catch let error as HiveKeepError {
            #expect(error.code == .invalidArgument)
        }
    }

    @Test func settingUpWithoutASessionBusIsAnInvalidArgumentThatSaysHowToStartOne() async throws {
        do {
            try await KeyringProvider.checkReachable(keyring: KeyringTestSession.unreachable())
            Issue.record("a keyring without a session bus was accepted")
        } catch let error as HiveKeepError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("dbus-run-session"))
            #expect(error.message.contains("gnome-keyring-daemon --unlock"))
        }
    }

    @Test func settingUpInTheTestSessionSucceeds() async throws {
        try await KeyringProvider.checkReachable(keyring: try KeyringTestSession.keyring())
    }

    @Test func aKeyringGoneAfterSetupIsUnavailableAndTheFailureIsAudited() async throws {
        let provider = KeyringProvider(keyring: KeyringTestSession.unreachable(), storeID: "gone")
        for call in [
            { _ = try await provider.get("KEY", context: context) },
            { try await provider.create("KEY", value: SecureBytes(copying: "v".utf8), context: context) },
            { _ = try await provider.list(context: context) },
        ] as [() async throws -> Void] {
            do {
                try await call()
                Issue.record("a call succeeded without a keyring")
            } catch let error as HiveKeepError {
                #expect(error.code == .unavailable)
                #expect(error.message.contains("DBUS_SESSION_BUS_ADDRESS"))
            }
        }
        #expect(audit.events.map(\.operation) == [.get, .create, .list])
        #expect(audit.events.allSatisfy { $0.outcome == .failed && $0.provider == .keyring })
    }

    @Test func theDescriptionNamesTheStore() {
        let provider = KeyringProvider(keyring: KeyringTestSession.unreachable(), storeID: "abc123")
        #expect(provider.type == .keyring)
        #expect(provider.capabilities == .readWrite)
        #expect("\(provider)".contains("abc123"))
    }
}
