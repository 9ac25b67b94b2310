import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepSigning

/// `hivekeep keys trust FILE [--name NAME]`: adds a PEM public key to the trust store.
struct KeysTrust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Trust a PEM Ed25519 public key: envelopes it signs are accepted.",
        discussion: "Only trust a key whose owner you have checked, e.g. by comparing its keyid over another channel."
    )

    @Argument(help: "The PEM file of the public key ('-' reads standard input).")
    var file: String

    @Option(help: "The name to keep it under (default: the file name, or key-<keyid prefix> for standard input).")
    var name: String?

    func run() async throws {
        let service = try CLIEnvironment().signingService()
        let text = try readKey()
        let key = try SigningPublicKey(pem: text)
        if try await service.activeKey() == key {
            throw HiveKeepError(.alreadyExists, "key \(key.keyID) is HiveKeep's own signing key; it is always trusted")
        }
        let store = service.trustStore
        let name = name ?? defaultName(for: key)
        let trusted = try await Blocking.run { try store.trust(pem: text, name: name) }
        print("trusted \(trusted.name) (keyid \(trusted.key.keyID))")
    }

    private func readKey() throws -> String {
        let data: Data?
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: file)
        }
        guard let data else {
            throw HiveKeepError.notFound("cannot read \(file)")
        }
        guard data.count <= 16 * 1024 else {
            throw HiveKeepError.invalid("\(file) is too large to be a PEM public key")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func defaultName(for key: SigningPublicKey) -> String {
        guard file != "-" else { return "key-\(key.shortKeyID)" }
        var base = URL(fileURLWithPath: file).lastPathComponent
        for suffix in [".pem", ".pub"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
        }
        return base.isEmpty || base.hasPrefix(".") ? "key-\(key.shortKeyID)" : base
    }
}
