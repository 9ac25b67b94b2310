import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepSigning
import HiveKeepStore
import HiveKeepWorkloads
import Keyring
import Sodium

/// Gathers an installation into ``BackupContents`` and signs its manifest with the installation's key.
///
/// Secrets are read through the secrets service (each read audited, caller `backup`): the keyring provider's
/// secrets and its signing key record, and the vault password wherever it comes from. The vault file is carried as
/// it is (still encrypted; its reserved records, the signing and audit keys, travel inside it).
public struct BackupCreator: Sendable {
    let paths: HiveKeepPaths
    let environment: EnvironmentValues
    let secrets: SecretsService
    let signing: SigningService
    let keyring: Keyring

    /// A creator over the installation at `paths`.
    public init(
        paths: HiveKeepPaths, environment: EnvironmentValues, secrets: SecretsService, signing: SigningService,
        keyring: Keyring
    ) {
        self.paths = paths
        self.environment = environment
        self.secrets = secrets
        self.signing = signing
        self.keyring = keyring
    }

    /// Reads everything the backup carries and signs the manifest.
    ///
    /// - Throws: `.conflict` when no writable secrets provider is set up (the archive is signed with the key kept
    ///   there); `.unavailable` when the vault password cannot be found; secrets-store errors as they are.
    public func create() async throws -> BackupContents {
        let provider = try await secrets.signingKeyProviderType()
        // Signing once first creates the key on first use and remembers its public half, so that the files read
        // below (the vault, signing-public-key.pem) already hold it.
        _ = try await signing.sign(payload: [], payloadType: BackupManifest.payloadType, caller: "backup")
        guard let key = try await signing.activeKey() else {
            throw HiveKeepError(.internalError, "the signing key was created but its public key was not kept")
        }
        var entries: [(BackupManifest.Secret, SecureBytes)] = []
        if provider == .keyring {
            for name in try await secrets.listKeys(caller: "backup") {
                let value = try await secrets.get(key: name, caller: "backup")
                entries.append((try Self.entry(.keyringSecret, name, value), value))
            }
            if let record = try await secrets.signingKeyRecord(caller: "backup") {
                entries.append((try Self.entry(.keyringSigningKey, "", record), record))
            }
        }
        let present = BackupLayout.present(in: paths)
        if present.contains(where: { $0 == (.data, "secrets.vault") }) {
            let resolved = try await VaultPasswordSource.resolve(
                environment: environment, keyring: keyring, storeID: secrets.storeID)
            if let password = resolved?.password {
                entries.append((try Self.entry(.vaultPassword, "", password), password))
            } else if provider == .encrypted {
                throw HiveKeepError(.unavailable, "cannot back up: the vault password is not found")
            }
        }
        var files: [(BackupManifest.File, [UInt8])] = []
        for (root, path) in present {
            guard let bytes = try FileSystem.readFile(BackupLayout.directory(root, in: paths) + "/" + path) else {
                continue
            }
            files.append(
                (
                    BackupManifest.File(
                        root: root, path: path, size: bytes.count, sha256: try BackupDigest.sha256(bytes)),
                    bytes
                ))
        }
        let manifest = BackupManifest(
            formatVersion: Int(BackupHeader.version), createdAt: Date(), hivekeepVersion: HiveKeepVersion.current,
            secretsProvider: provider.rawValue, signingKey: key.pem, files: files.map(\.0),
            secrets: entries.map(\.0), workloads: workloads())
        let envelope = try await signing.sign(
            payload: try manifest.jsonBytes(), payloadType: BackupManifest.payloadType, caller: "backup")
        guard envelope.signatures.map(\.keyID) == [key.keyID] else {
            throw HiveKeepError(.conflict, "the signing key changed while the backup was being made; try again")
        }
        return BackupContents(
            envelope: envelope, manifest: manifest, files: files.map(\.1), secrets: entries.map(\.1), signer: key)
    }

    /// The workloads with a run configuration, and whether each is wanted (should run after a restore).
    private func workloads() -> [BackupManifest.Workload] {
        let statuses = StatusStore(paths: paths)
        return RunConfigStore(paths: paths).names().map { name in
            BackupManifest.Workload(name: name, wanted: (try? statuses.read(name))??.isWanted ?? false)
        }
    }

    private static func entry(_ kind: BackupManifest.SecretKind, _ key: String, _ value: SecureBytes) throws
        -> BackupManifest.Secret
    {
        BackupManifest.Secret(kind: kind, key: key, size: value.count, sha256: try BackupDigest.sha256(value))
    }
}
