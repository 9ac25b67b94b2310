import Foundation
import HiveKeepSecrets
import HiveKeepTestSupport
import Sodium
import Testing

/// The encrypted provider under the shared conformance suite: each instance is a new vault in a directory of its
/// own, with the cheapest KDF parameters the vault accepts.
@Suite(.timeLimit(.minutes(3))) struct EncryptedProviderConformanceTests {
    @Test(arguments: ProviderConformance.Check.applicable(to: .readWrite))
    func passesTheConformanceSuite(_ check: ProviderConformance.Check) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let subject = ConformanceSubject(type: .encrypted, capabilities: .readWrite) { initial in
            let provider = try await EncryptedProvider(
                path: directory.child("\(UUID().uuidString)/secrets.vault"),
                password: SecureBytes(copying: "conformance-password".utf8),
                limits: .minimumAllowed)
            return try await ConformanceSubject.seed(provider, initial)
        }
        try await ProviderConformance(subject).run(check)
    }
}
