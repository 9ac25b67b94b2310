import Foundation
import HiveKeepCore

/// What a backup archive holds, signed by the installation's key: every file and secret with its length and
/// SHA-256, the workloads and whether each was wanted, and the signer's public key. Never a secret value.
public struct BackupManifest: Codable, Sendable, Hashable {
    /// The DSSE payload type of the signed manifest.
    public static let payloadType = "application/vnd.hivekeep.backup-manifest+json"

    /// Which of the installation's three directories a file lives in.
    public enum Root: String, Codable, Sendable, Hashable, CaseIterable {
        case config, data, state
    }

    /// One file, by its path relative to its root directory.
    public struct File: Codable, Sendable, Hashable {
        public var root: Root
        public var path: String
        public var size: Int
        public var sha256: String
    }

    /// What a secret entry is.
    public enum SecretKind: String, Codable, Sendable, Hashable {
        /// A secret of the keyring provider, by its key.
        case keyringSecret = "keyring-secret"
        /// The signing key record kept in the keyring (the keyring provider's; the vault holds its own).
        case keyringSigningKey = "keyring-signing-key"
        /// The password of the vault file.
        case vaultPassword = "vault-password"
    }

    /// One secret value carried in the archive.
    public struct Secret: Codable, Sendable, Hashable {
        public var kind: SecretKind
        /// The secret's key (for keyring secrets); empty for the reserved records.
        public var key: String
        public var size: Int
        public var sha256: String
    }

    /// A workload and whether it should run after a restore.
    public struct Workload: Codable, Sendable, Hashable {
        public var name: String
        public var wanted: Bool
    }

    public var formatVersion: Int
    public var createdAt: Date
    public var hivekeepVersion: String
    /// `encrypted` or `keyring`: the provider the installation used.
    public var secretsProvider: String
    /// The signer's Ed25519 public key (PEM).
    public var signingKey: String
    public var files: [File]
    public var secrets: [Secret]
    public var workloads: [Workload]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case createdAt = "created_at"
        case hivekeepVersion = "hivekeep_version"
        case secretsProvider = "secrets_provider"
        case signingKey = "signing_key"
        case files, secrets, workloads
    }

    /// The manifest's canonical JSON (sorted keys, ISO 8601 dates): the signed bytes.
    func jsonBytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(self))
    }

    /// Parses a manifest.
    static func decode(_ bytes: [UInt8]) throws -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(BackupManifest.self, from: Data(bytes))
        } catch {
            throw HiveKeepError.invalid("the backup archive's manifest is unreadable")
        }
    }
}
