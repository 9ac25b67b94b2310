import ArgumentParser
import Foundation
import HiveKeepBackup
import HiveKeepCore
import HiveKeepSigning
import HiveKeepStore
import Keyring

/// `hivekeep backup FILE`: one passphrase-encrypted archive of the installation, signed with its key.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write the installation (vault, keyring secrets, run configurations, groups, keys, config) to an "
            + "archive encrypted with a passphrase and signed with the installation's key.",
        discussion: "The passphrase comes from --passphrase-file (mode 0600) or a prompt without echo, asked twice; "
            + "never from an argument. See docs/backup.md.")

    @Argument(help: "The archive to write.")
    var file: String

    @Option(help: "A file holding the passphrase (one line, at least 12 bytes).")
    var passphraseFile: String?

    @Flag(help: "Replace FILE when it exists.")
    var force = false

    func run() async throws {
        let cli = try CLIEnvironment()
        if !force, FileManager.default.fileExists(atPath: file) {
            throw HiveKeepError(.alreadyExists, "\(file) exists; choose another name or add --force to replace it")
        }
        let passphrase = try BackupPassphrase.read(file: passphraseFile, confirm: true)
        let creator = BackupCreator(
            paths: cli.paths, environment: cli.environment, secrets: cli.secretsService(),
            signing: cli.signingService(), keyring: Keyring(logger: cli.logger))
        let contents = try await creator.create()
        let archive = try BackupArchive.seal(contents, passphrase: passphrase)
        try FileSystem.createDirectory(AtomicFile.parentDirectory(of: file), mode: 0o700)
        try AtomicFile.write(archive, to: file, mode: 0o600)
        let manifest = contents.manifest
        print(
            "wrote \(file) (\(archive.count) bytes): \(manifest.files.count) files, \(manifest.secrets.count) "
                + "secrets, \(manifest.workloads.count) workloads; signed by \(contents.signer.keyID)")
    }
}
