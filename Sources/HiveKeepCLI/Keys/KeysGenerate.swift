import ArgumentParser
import HiveKeepSigning

/// `hivekeep keys generate [--replace]`.
struct KeysGenerate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Create the signing key (otherwise created when something is first signed).",
        discussion: """
            The private key is kept in the secrets store (encrypted vault or keyring) and never shown. With \
            --replace, a new key replaces the active one: envelopes signed by the old key then verify only where \
            its public key is trusted (export it first with 'hivekeep keys export' if you still need it).
            """
    )

    @Flag(help: "Replace the existing signing key with a new one (a new signing identity).")
    var replace = false

    func run() async throws {
        let service = try CLIEnvironment().signingService()
        let key = try await service.generate(replace: replace, caller: "cli")
        print("created signing key \(key.keyID)")
        print("share its public key with: hivekeep keys export")
    }
}
