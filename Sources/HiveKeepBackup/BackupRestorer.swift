import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepSigning
import HiveKeepStore
import HiveKeepVault
import Keyring
import Logging
import Sodium

/// Restores verified ``BackupContents`` into the installation at `paths`.
///
/// The transaction, in the order it runs:
/// 1. checks, writing nothing: no target (a carried file, its directory, a status file) is a symbolic link (see
///    ``BackupTargets``); every archived secret fits the keyring (``checkSecretEntries(_:)``); the installation is empty (no carried file, no keyring secret of its store) unless
///    `force`; the keyring is reachable when anything must go there; the carried vault opens with the password the
///    restored installation will use (its own explicit source if it has one, else the archived password), tried
///    on a copy in a temporary directory (0700) inside the state directory, removed afterwards;
/// 2. the files, each written atomically; then the status of each workload (stopped, wanted as it was);
/// 3. the keyring items: the vault password (unless an explicit source exists here), the keyring provider's
///    secrets and signing key, re-stored under this installation's store id (each audited, caller `restore`).
/// A failure in 2 or 3 puts every file back as it was (or removes it) before the error is reported; keyring items
/// already written in 3 stay (the Secret Service has no transactions) and are named by the error.
public struct BackupRestorer: Sendable {
    /// What a restore did.
    public struct Report: Sendable, Hashable {
        /// The key that signed the archive.
        public var signer: SigningPublicKey
        /// Whether this installation trusted that key before the restore (its own key or one in its trust store).
        public var signerWasTrusted: Bool
        public var files: Int
        public var secrets: Int
        /// The workloads restored, with whether each will be started by `serve` or `up`.
        public var workloads: [BackupManifest.Workload]
    }

    let paths: HiveKeepPaths
    let environment: EnvironmentValues
    let keyring: Keyring
    let logger: Logger

    /// A restorer into the installation at `paths`.
    public init(paths: HiveKeepPaths, environment: EnvironmentValues, keyring: Keyring, logger: Logger) {
        self.paths = paths
        self.environment = environment
        self.keyring = keyring
        self.logger = logger
    }

    var storeID: String { KeyringStoreID.derive(paths: paths) }

    /// Checks everything, then writes (see the type's description).
    public func restore(_ contents: BackupContents, force: Bool) async throws -> Report {
        let trusted = try await wasTrusted(contents.signer)
        let plan = try await check(contents, force: force)
        var written = FileJournal()
        do {
            try writeFiles(contents, journal: &written)
            try writeStatuses(contents.manifest.workloads, journal: &written)
            try await writeSecrets(contents, plan: plan)
        } catch {
            written.rollBack()
            throw HiveKeepError(
                .unavailable, "the restore failed while writing and its files were put back: \(error)", cause: error)
        }
        logger.notice(
            "restored a backup",
            metadata: ["signing.keyid": "\(contents.signer.keyID)", "files": "\(contents.files.count)"])
        return Report(
            signer: contents.signer, signerWasTrusted: trusted, files: contents.files.count,
            secrets: contents.secrets.count, workloads: contents.manifest.workloads)
    }

    /// Whether this installation trusted `key` before the restore.
    private func wasTrusted(_ key: SigningPublicKey) async throws -> Bool {
        let store = TrustStore(paths: paths)
        let active = try? FileSystem.readFile(paths.configDirectory + "/signing-public-key.pem")
            .map { try SigningPublicKey(pem: String(decoding: $0, as: UTF8.self)) }
        let keys = (try? store.keys().map(\.key)) ?? []
        return keys.contains(key) || active == key
    }
}
