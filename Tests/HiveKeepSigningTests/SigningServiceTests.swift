import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepSigning
import HiveKeepStore
import HiveKeepTestSupport
import Logging
import Sodium
import Testing

@Suite("Signing key in the encrypted provider", .serialized, .timeLimit(.minutes(2)))
struct SigningServiceTests {
    let fixture: SigningFixture

    init() throws {
        fixture = try SigningFixture()
    }

    @Test("the key is created once on first signing, kept in the vault and reused by a new process")
    func keyCreatedOnceAndReused() async throws {
        defer { fixture.directory.remove() }
        let (secrets, signing) = try await fixture.setUp(.encrypted)
        #expect(try await signing.activeKey() == nil)
        #expect(try await fixture.vaultKeys() == [])

        let first = try await signing.sign(payload: samplePayload)
        let active = try #require(try await signing.activeKey())
        #expect(first.signatures.map(\.keyID) == [active.keyID])
        #expect(try await fixture.vaultKeys() == [SigningKeyRecord.vaultKey])
        _ = try await signing.sign(payload: samplePayload)

        // Another process: new services over the same files find the same key.
        let again = fixture.signing(fixture.secrets())
        let second = try await again.sign(payload: Array("other".utf8))
        #expect(second.signatures.map(\.keyID) == [active.keyID])
        #expect(try await again.verify(first).signer == active)
        #expect(try await fixture.vaultKeys() == [SigningKeyRecord.vaultKey])
        _ = secrets
    }

    @Test("the secrets API never lists, returns or deletes the signing key record, and cleanup keeps it")
    func secretsAPIDoesNotSeeRecord() async throws {
        defer { fixture.directory.remove() }
        let (secrets, signing) = try await fixture.setUp(.encrypted)
        try await secrets.create(key: "api-token", value: try SecureBytes(copying: Array("v".utf8)), caller: "test")
        let envelope = try await signing.sign(payload: samplePayload)
        #expect(try await secrets.listKeys(caller: "test") == ["api-token"])

        let key = SigningKeyRecord.vaultKey
        #expect(await hiveKeepError { _ = try await secrets.get(key: key, caller: "test") }?.code == .invalidArgument)
        #expect(await hiveKeepError { try await secrets.delete(key: key, caller: "test") }?.code == .invalidArgument)
        let value = try SecureBytes(copying: Array("x".utf8))
        #expect(await hiveKeepError { try await secrets.update(key: key, value: value, caller: "test") } != nil)
        #expect(await hiveKeepError { try await secrets.create(key: key, value: value, caller: "test") } != nil)

        let provider = try await secrets.provider()
        try await provider.cleanup(context: SecretsCallContext(caller: "test", audit: NoAudit()))
        #expect(try await secrets.listKeys(caller: "test") == [])
        #expect(try await fixture.vaultKeys() == [key])
        let after = try await fixture.signing(fixture.secrets()).sign(payload: samplePayload)
        #expect(after.signatures.map(\.keyID) == envelope.signatures.map(\.keyID))
    }

    @Test("the environment provider and no provider at all give the clear 'cannot sign' error")
    func cannotSignWithoutWritableProvider() async throws {
        defer { fixture.directory.remove() }
        let unset = fixture.signing(fixture.secrets())
        let none = await hiveKeepError { _ = try await unset.sign(payload: samplePayload) }
        #expect(none?.code == .conflict)
        #expect(none?.message.hasPrefix("cannot sign: no secrets provider is set up") == true)

        let (_, signing) = try await fixture.setUp(.environment)
        let environment = await hiveKeepError { _ = try await signing.sign(payload: samplePayload) }
        #expect(environment?.code == .conflict)
        #expect(environment?.message.hasPrefix("cannot sign: the environment secrets provider is read-only") == true)
        #expect(await hiveKeepError { _ = try await signing.generate(replace: false) }?.code == .conflict)
        #expect(try await signing.activeKey() == nil)
        #expect(try await signing.status().problem?.contains("cannot sign") == true)
    }

    @Test("a provider without the active key's record fails clearly instead of creating a new identity")
    func switchedProviderDoesNotCreateIdentity() async throws {
        defer { fixture.directory.remove() }
        let (_, signing) = try await fixture.setUp(.encrypted)
        let envelope = try await signing.sign(payload: samplePayload)
        let active = try #require(try await signing.activeKey())
        // The vault is replaced by an empty one, as when the provider changed to a store without the key.
        try FileManager.default.removeItem(atPath: fixture.paths.dataDirectory + "/secrets.vault")
        let (_, fresh) = try await fixture.setUp(.encrypted)
        let error = await hiveKeepError { _ = try await fresh.sign(payload: samplePayload) }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("the active signing key \(active.keyID) is not in the encrypted") == true)
        #expect(try await fixture.vaultKeys() == [])
        #expect(try await fresh.status().problem?.contains(active.keyID) == true)
        // Its own earlier envelopes still verify: the active public key stays trusted.
        #expect(try await fresh.verify(envelope).signer == active)
        #expect(await hiveKeepError { _ = try await fresh.generate(replace: false) }?.code == .alreadyExists)

        let replaced = try await fresh.generate(replace: true)
        #expect(replaced != active)
        #expect(try await fresh.activeKey() == replaced)
        #expect(try await fresh.sign(payload: samplePayload).signatures.map(\.keyID) == [replaced.keyID])
        #expect(
            envelopeError {
                _ = try EnvelopeVerifier.verify(
                    envelope, payloadType: DSSE.runConfigPayloadType, trustedKeys: [replaced])
            } == .untrustedKey(keyIDs: [active.keyID]))
    }

    @Test("generate refuses to replace silently and rotates with replace")
    func generateAndRotate() async throws {
        defer { fixture.directory.remove() }
        let (_, signing) = try await fixture.setUp(.encrypted)
        let first = try await signing.generate(replace: false)
        #expect(try await signing.activeKey() == first)
        let exists = await hiveKeepError { _ = try await signing.generate(replace: false) }
        #expect(exists?.code == .alreadyExists)
        #expect(exists?.message.contains(first.keyID) == true)
        let old = try await signing.sign(payload: samplePayload)
        let second = try await signing.generate(replace: true)
        #expect(second != first)
        #expect(try await signing.sign(payload: samplePayload).signatures.map(\.keyID) == [second.keyID])
        #expect(
            await hiveKeepError { _ = try await signing.verify(old) }.flatMap { $0.cause as? EnvelopeError }
                == .untrustedKey(keyIDs: [first.keyID]))
        // Trusting the old public key accepts old envelopes again.
        try signing.trustStore.trust(pem: first.pem, name: "previous")
        #expect(try await signing.verify(old).signer == first)
        #expect(try await fixture.vaultKeys() == [SigningKeyRecord.vaultKey])
    }

    @Test("the key survives a vault password rotation: the record is re-encrypted with the secrets")
    func keySurvivesPasswordRotation() async throws {
        defer { fixture.directory.remove() }
        let (secrets, signing) = try await fixture.setUp(.encrypted)
        let before = try await signing.generate(replace: false)
        let rotated = "rotated-signing-password"
        _ = try await secrets.rotatePassword(to: try SecureBytes(copying: Array(rotated.utf8)))
        var values = fixture.environment.values
        values["HIVEKEEP_SECRETS_PASSWORD"] = rotated
        var dependencies = SecretsService.Dependencies.standard(
            paths: fixture.paths, environment: EnvironmentValues(values), logger: Logger(label: "test"))
        dependencies.kdfLimits = .minimumAllowed
        let after = fixture.signing(SecretsService(dependencies))
        #expect(try await after.sign(payload: samplePayload).signatures.map(\.keyID) == [before.keyID])
    }

    @Test("the audit log names the record for key creation and use, never its value; the active file is public")
    func auditAndFiles() async throws {
        defer { fixture.directory.remove() }
        let (_, signing) = try await fixture.setUp(.encrypted)
        _ = try await signing.sign(payload: samplePayload)
        let audit = try String(contentsOfFile: fixture.paths.stateDirectory + "/audit.jsonl", encoding: .utf8)
        #expect(audit.contains(#""key":"hivekeep=signing-key""#))
        #expect(audit.contains(#""operation":"create""#))
        let active = try String(contentsOfFile: signing.activeKeyPath, encoding: .utf8)
        #expect(try SigningPublicKey(pem: active) == (try await signing.activeKey()))
        #expect(!active.contains("PRIVATE"))
    }
}

/// An audit recorder that keeps nothing.
struct NoAudit: AuditRecorder {
    func record(_ event: AuditEvent) throws {}
}
