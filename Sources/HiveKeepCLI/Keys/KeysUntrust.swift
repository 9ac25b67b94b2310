import ArgumentParser
import HiveKeepCore
import HiveKeepSigning

/// `hivekeep keys untrust NAME-OR-KEYID`: removes a key from the trust store.
struct KeysUntrust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "untrust",
        abstract: "Stop trusting a public key (by name, keyid, or a keyid prefix of 8 or more digits)."
    )

    @Argument(help: "The trusted key's name or keyid.")
    var key: String

    func run() async throws {
        let service = try CLIEnvironment().signingService()
        let store = service.trustStore
        let key = key
        let lowered = key.lowercased()
        if let active = try await service.activeKey(),
            key == "self" || (lowered.count >= 8 && active.keyID.hasPrefix(lowered)),
            (try? await Blocking.run({ try store.find(key) })) == nil
        {
            throw HiveKeepError.invalid(
                "HiveKeep's own signing key is always trusted; replace it with 'hivekeep keys generate --replace'")
        }
        let removed = try await Blocking.run { try store.untrust(key) }
        print("untrusted \(removed.name) (keyid \(removed.key.keyID))")
    }
}
