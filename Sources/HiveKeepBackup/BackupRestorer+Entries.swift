import HiveKeepCore
import HiveKeepSecrets
import HiveKeepWorkloads
import Sodium

extension BackupRestorer {
    /// Checks the archived secrets as the keyring will take them, before anything is written (a signed archive may
    /// still have been made by hand): every keyring secret's key is a valid secret name and appears once, at most one
    /// signing key record and one vault password are carried, and every value bound for the keyring is text a
    /// keyring item can hold. Errors name the key, never a value.
    static func checkSecretEntries(_ contents: BackupContents) throws {
        var keys: Set<String> = []
        var reserved: [BackupManifest.SecretKind: Int] = [:]
        for (entry, value) in zip(contents.manifest.secrets, contents.secrets) {
            switch entry.kind {
            case .keyringSecret:
                do {
                    try SecretKeyName.validate(entry.key)
                } catch let error as HiveKeepError {
                    throw HiveKeepError.invalid("the backup holds a keyring secret with a bad key: \(error.message)")
                }
                guard keys.insert(entry.key).inserted else {
                    throw HiveKeepError.invalid("the backup holds the keyring secret \(entry.key) twice")
                }
                guard value.isKeyringText else {
                    throw HiveKeepError.invalid(
                        "the backup's keyring secret \(entry.key) is not text a keyring item can hold")
                }
            case .keyringSigningKey, .vaultPassword:
                reserved[entry.kind, default: 0] += 1
                guard reserved[entry.kind] == 1 else {
                    throw HiveKeepError.invalid("the backup holds more than one \(entry.kind.rawValue) record")
                }
                if entry.kind == .keyringSigningKey, !value.isKeyringText {
                    throw HiveKeepError.invalid("the backup's signing key record is not text a keyring item can hold")
                }
            }
        }
    }

    /// Checks that every archived workload's name can name a saved workload (what the status store and the
    /// reconciler will take as a file name), before anything is written.
    static func checkWorkloadNames(_ workloads: [BackupManifest.Workload]) throws {
        for workload in workloads {
            do {
                try WorkloadName.validateExisting(workload.name)
            } catch let error as HiveKeepError {
                throw HiveKeepError.invalid("the backup holds a workload HiveKeep cannot keep: \(error.message)")
            }
        }
    }
}
