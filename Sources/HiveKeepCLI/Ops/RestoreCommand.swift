import ArgumentParser
import Foundation
import HiveKeepBackup
import HiveKeepCore
import HiveKeepSigning
import HiveKeepStore
import Keyring

/// `hivekeep restore FILE`: verifies a backup archive whole, then restores it into this installation.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup archive: everything is decrypted and verified before anything is written.",
        discussion: "Refuses an installation whose `hivekeep serve` is running, and one that is not empty unless "
            + "--force. The passphrase comes from "
            + "--passphrase-file or a prompt without echo, never from an argument. See docs/backup.md.")

    @Argument(help: "The archive to read.")
    var file: String

    @Option(help: "A file holding the passphrase.")
    var passphraseFile: String?

    @Flag(help: "Restore into an installation that is not empty, replacing the files and secrets the backup holds.")
    var force = false

    func run() async throws {
        let cli = try CLIEnvironment()
        let archive = try BackupArchive.read(path: file)
        let passphrase = try BackupPassphrase.read(file: passphraseFile, confirm: false)
        let contents = try BackupArchive.open(archive, passphrase: passphrase)
        let restorer = BackupRestorer(
            paths: cli.paths, environment: cli.environment, keyring: Keyring(logger: cli.logger), logger: cli.logger)
        // No server runs on the installation while the restore writes into it, and none starts.
        let report = try await ServerInstanceLock.withNoServerRunning(cli.paths) {
            try await restorer.restore(contents, force: force)
        }
        let trust =
            report.signerWasTrusted
            ? "a key this installation trusts"
            : "the key inside the archive, accepted because the passphrase decrypted it"
        print("verified: signed by \(report.signer.keyID) (\(trust))")
        print(
            "restored \(report.files) files, \(report.secrets) secrets, \(report.workloads.count) workloads "
                + "(created \(ISO8601DateFormatter().string(from: contents.manifest.createdAt)))")
        let wanted = report.workloads.filter(\.wanted).map(\.name)
        if !wanted.isEmpty {
            print("started by `hivekeep serve` or `hivekeep up`: \(wanted.joined(separator: ", "))")
        }
    }
}
