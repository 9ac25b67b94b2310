import HiveKeepCore
import HiveKeepSecrets
import Sodium

/// The signing key record's value: the 32-byte Ed25519 seed as standard base64 text (a keyring item holds text),
/// built and read without leaving guarded memory.
enum SigningKeyCodec {
    /// The record value for `pair`.
    static func record(of pair: SigningKeyPair) throws -> SecureBytes {
        try pair.exportSeed().base64Encoded()
    }

    /// The key pair a record value holds.
    ///
    /// - Throws: `.corruptState` (naming the provider, never the value) when it is not base64 of a 32-byte seed.
    static func keyPair(from record: SecureBytes, provider: SecretsProviderType) throws -> SigningKeyPair {
        do {
            return try SigningKeyPair(seed: SecureBytes.decodingBase64(record))
        } catch {
            throw HiveKeepError(
                .corruptState, "the signing key record in the \(provider.rawValue) secrets store is damaged",
                cause: error)
        }
    }
}
