import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepWorkloads
import Logging
import Sodium

/// Steps 2 and 3 of a restore: the files, the workload statuses, the keyring items.
extension BackupRestorer {
    /// Writes every carried file atomically (directories 0700), journaling what was there before.
    func writeFiles(_ contents: BackupContents, journal: inout FileJournal) throws {
        for (file, bytes) in zip(contents.manifest.files, contents.files) {
            let path = BackupLayout.directory(file.root, in: paths) + "/" + file.path
            try FileSystem.createDirectory(AtomicFile.parentDirectory(of: path), mode: 0o700)
            journal.remember(path, previous: try FileSystem.readFile(path))
            try AtomicFile.write(bytes, to: path, mode: BackupLayout.mode(of: file.path))
        }
    }

    /// Gives every restored workload a status: stopped, and wanted as it was, so that reconciliation (`serve`,
    /// `up`) starts those that were meant to run. An existing status keeps its state; only `wanted` is set.
    func writeStatuses(_ workloads: [BackupManifest.Workload], journal: inout FileJournal) throws {
        let statuses = StatusStore(paths: paths)
        for workload in workloads {
            let path = statuses.directory + "/\(workload.name).json"
            journal.remember(path, previous: try FileSystem.readFile(path))
            try statuses.update(workload.name) { current in
                var record = current ?? StatusRecord(status: .stopped)
                record.wanted = workload.wanted
                return record
            }
        }
    }

    /// Re-stores the archived keyring items under this installation's store id.
    func writeSecrets(_ contents: BackupContents, plan: Plan) async throws {
        if plan.storeVaultPassword, let password = value(of: .vaultPassword, in: contents) {
            try await VaultPasswordSource.storeInKeyring(password, keyring: keyring, storeID: storeID)
        }
        let pairs = zip(contents.manifest.secrets, contents.secrets).filter { $0.0.kind != .vaultPassword }
        guard !pairs.isEmpty else { return }
        var dependencies = SecretsService.Dependencies.standard(
            paths: paths, environment: environment, logger: logger)
        dependencies.keyring = keyring
        let service = SecretsService(dependencies)
        for (entry, value) in pairs {
            switch entry.kind {
            case .keyringSecret:
                do {
                    try await service.create(key: entry.key, value: value, caller: "restore")
                } catch let error as HiveKeepError where error.code == .alreadyExists {
                    try await service.update(key: entry.key, value: value, caller: "restore")
                }
            case .keyringSigningKey:
                try await service.replaceSigningKeyRecord(value, caller: "restore")
            case .vaultPassword:
                continue
            }
        }
    }
}

/// The files a restore wrote, with what each held before, to put them back when a later step fails.
struct FileJournal {
    private var entries: [(path: String, previous: [UInt8]?)] = []

    mutating func remember(_ path: String, previous: [UInt8]?) {
        entries.append((path, previous))
    }

    /// Puts every journaled file back (its earlier bytes, or removes it), newest first.
    func rollBack() {
        for entry in entries.reversed() {
            if let previous = entry.previous {
                try? AtomicFile.write(previous, to: entry.path, mode: BackupLayout.mode(of: entry.path))
            } else {
                unlink(entry.path)
            }
        }
    }
}
