import ArgumentParser
import HiveKeepCore
import HiveKeepSigning

/// `hivekeep keys export [NAME-OR-KEYID]`: prints a public key as PEM.
struct KeysExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print HiveKeep's public signing key (or a trusted key) as PEM.",
        discussion: "The PEM verifies HiveKeep envelopes with other tools, e.g. OpenSSL's pkeyutl -verify -rawin."
    )

    @Argument(help: "A trusted key's name or keyid; omit for HiveKeep's own key.")
    var key: String?

    func run() async throws {
        let service = try CLIEnvironment().signingService()
        if let key, key != "self" {
            let store = service.trustStore
            print(try await Blocking.run { try store.find(key) }.key.pem, terminator: "")
            return
        }
        guard let active = try await service.activeKey() else {
            throw HiveKeepError.notFound(
                "there is no signing key yet; create one with 'hivekeep keys generate'")
        }
        print(active.pem, terminator: "")
    }
}
