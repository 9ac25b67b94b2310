import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepSigning
import HiveKeepTestSupport
import Keyring
import Logging
import Sodium
import Testing

/// The signing key in the real keyring of the test command's private D-Bus session.
@Suite("Signing key in the keyring provider", .serialized, .timeLimit(.minutes(2)))
struct KeyringSigningTests {
    @Test("the key is a signing-key item the keyring provider never lists, created once and reused")
    func keyringRecord() async throws {
        let address = ProcessInfo.processInfo.environment[Keyring.sessionBusVariable] ?? ""
        try #require(
            !address.isEmpty, "run inside a D-Bus session with an unlocked keyring (scripts/keyring-session.sh)")
        let fixture = try SigningFixture()
        defer { fixture.directory.remove() }
        var environment = fixture.environment
        environment.values[Keyring.sessionBusVariable] = address
        let keyring = Keyring(deadline: .seconds(10))
        func secrets() -> SecretsService {
            var dependencies = SecretsService.Dependencies.standard(
                paths: fixture.paths, environment: environment, logger: Logger(label: "test"))
            dependencies.keyring = keyring
            return SecretsService(dependencies)
        }
        let service = secrets()
        _ = try await service.setup(type: .keyring, password: nil)
        let signing = fixture.signing(service)
        let envelope = try await signing.sign(payload: samplePayload)
        let active = try #require(try await signing.activeKey())
        let items = try await keyring.search(kind: .signingKey, store: service.storeID)
        #expect(Set(items.map(\.key)) == [SigningKeyRecord.keyringKey, AuditKeyRecord.keyringKey])
        #expect(try await service.listKeys(caller: "test") == [])

        let again = fixture.signing(secrets())
        #expect(try await again.sign(payload: samplePayload).signatures.map(\.keyID) == [active.keyID])
        #expect(try await again.verify(envelope).signer == active)
        try await service.provider().cleanup(context: SecretsCallContext(caller: "test", audit: NoAudit()))
        #expect(try await keyring.search(kind: .signingKey, store: service.storeID).count == 2)
        for key in [SigningKeyRecord.keyringKey, AuditKeyRecord.keyringKey] {
            _ = try await keyring.clear(KeyringItemAttributes(kind: .signingKey, store: service.storeID, key: key))
        }
    }
}
