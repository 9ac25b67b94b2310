import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import Logging
import Sodium

/// HiveKeep's signing identity: signs payloads into DSSE envelopes and says which keys are trusted.
///
/// The Ed25519 seed lives in the reserved record of the secrets store (``SigningKeyRecord``), created on first use.
/// The public half of the active key is remembered in ``activeKeyPath`` (config directory), so that switching
/// secrets provider never silently starts a new identity: when the record the active key needs is missing from
/// the current provider, or that provider holds another key, signing fails and says so (see ``status(caller:)``).
public actor SigningService {
    /// The trust store (`$XDG_CONFIG_HOME/hivekeep/trusted-keys`).
    public nonisolated let trustStore: TrustStore
    /// Where the active public key is remembered: `$XDG_CONFIG_HOME/hivekeep/signing-public-key.pem`.
    public nonisolated let activeKeyPath: String
    let secrets: SecretsService
    private let logger: Logger

    /// A service over the installation at `paths`, keeping its key through `secrets`.
    public init(paths: HiveKeepPaths, secrets: SecretsService, logger: Logger) {
        self.trustStore = TrustStore(paths: paths)
        self.activeKeyPath = paths.configDirectory + "/signing-public-key.pem"
        self.secrets = secrets
        self.logger = logger
    }

    /// The active public key, or nil before a key was ever created here. Reads only the config directory.
    public func activeKey() async throws -> SigningPublicKey? {
        let path = activeKeyPath
        guard let bytes = try await Blocking.run({ try FileSystem.readFile(path) }) else { return nil }
        do {
            return try SigningPublicKey(pem: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw HiveKeepError(
                .corruptState, "the active signing key file \(path) is unusable: \(error)", cause: error)
        }
    }

    /// Signs `payload` as `payloadType`, creating the signing key on first use.
    ///
    /// - Throws: `.conflict` when no writable secrets provider is set up, or the active key is not the one the
    ///   current provider holds; secrets-store errors as they are.
    public func sign(
        payload: [UInt8],
        payloadType: String = DSSE.runConfigPayloadType,
        caller: String = "signing"
    ) async throws -> DSSEEnvelope {
        let pair = try await keyPair(createIfMissing: true, caller: caller)
        let message = DSSE.preAuthenticationEncoding(payloadType: payloadType, payload: payload)
        let signature = try pair.sign(message)
        let keyID = try SigningPublicKey(raw: pair.publicKey).keyID
        return DSSEEnvelope(
            payloadType: payloadType,
            payload: payload,
            signatures: [DSSESignature(keyID: keyID, signature: signature)]
        )
    }

    /// Creates a new signing key and makes it active.
    ///
    /// - Parameter replace: Replace an existing key (a new identity: envelopes signed by the old key verify only
    ///   where the old public key is trusted).
    /// - Throws: `.alreadyExists` naming the active key when one exists and `replace` is false; `.conflict` when no
    ///   writable secrets provider is set up.
    public func generate(replace: Bool, caller: String = "signing") async throws -> SigningPublicKey {
        let type = try await secrets.signingKeyProviderType()
        let pair = try SigningKeyPair.generate()
        let key = try SigningPublicKey(raw: pair.publicKey)
        let record = try SigningKeyCodec.record(of: pair)
        if replace {
            try await secrets.replaceSigningKeyRecord(record, caller: caller)
        } else {
            if let active = try await activeKey() {
                throw Self.exists(active)
            }
            let stored = try await secrets.createSigningKeyRecord(record, caller: caller)
            let storedKey = try SigningPublicKey(raw: SigningKeyCodec.keyPair(from: stored, provider: type).publicKey)
            guard storedKey == key else {
                throw Self.exists(storedKey)
            }
        }
        try await remember(key)
        logger.notice(
            "signing key created",
            metadata: [
                "signing.keyid": "\(key.keyID)", "secrets.provider": "\(type.rawValue)", "replaced": "\(replace)",
            ]
        )
        return key
    }

    /// The keys whose envelopes are accepted: the trust store's and HiveKeep's own active key.
    public func trustedKeys() async throws -> [SigningPublicKey] {
        let store = trustStore
        var keys = try await Blocking.run { try store.keys().map(\.key) }
        if let own = try await activeKey(), !keys.contains(own) {
            keys.insert(own, at: 0)
        }
        return keys
    }

    /// Verifies `envelope` against ``trustedKeys()`` (see ``EnvelopeVerifier``).
    public func verify(
        _ envelope: DSSEEnvelope, payloadType: String = DSSE.runConfigPayloadType
    ) async throws -> VerifiedPayload {
        try EnvelopeVerifier.verify(envelope, payloadType: payloadType, trustedKeys: try await trustedKeys())
    }

    private static func exists(_ key: SigningPublicKey) -> HiveKeepError {
        HiveKeepError(
            .alreadyExists, "a signing key exists already (keyid \(key.keyID)); add --replace to create a new identity")
    }

    // MARK: - The key pair

    /// The key pair in the secrets store, checked against the active key; created when there is neither.
    func keyPair(createIfMissing: Bool, caller: String) async throws -> SigningKeyPair {
        let type = try await secrets.signingKeyProviderType()
        let active = try await activeKey()
        if let record = try await secrets.signingKeyRecord(caller: caller) {
            let pair = try SigningKeyCodec.keyPair(from: record, provider: type)
            let key = try SigningPublicKey(raw: pair.publicKey)
            if let active, active != key {
                throw HiveKeepError(
                    .conflict,
                    "cannot sign: the \(type.rawValue) secrets provider holds signing key \(key.keyID), but the "
                        + "active key is \(active.keyID) (\(activeKeyPath)); switch back to the provider that holds "
                        + "it, or start a new identity with 'hivekeep keys generate --replace'")
            }
            if active == nil { try await remember(key) }
            return pair
        }
        if let active {
            throw HiveKeepError(
                .conflict,
                "cannot sign: the active signing key \(active.keyID) is not in the \(type.rawValue) secrets provider "
                    + "(was the provider changed?); switch back to the provider that holds it, or start a new "
                    + "identity with 'hivekeep keys generate --replace'")
        }
        guard createIfMissing else {
            throw HiveKeepError.notFound("there is no signing key yet; create one with 'hivekeep keys generate'")
        }
        let created = try SigningKeyPair.generate()
        let stored = try await secrets.createSigningKeyRecord(try SigningKeyCodec.record(of: created), caller: caller)
        let pair = try SigningKeyCodec.keyPair(from: stored, provider: type)
        let key = try SigningPublicKey(raw: pair.publicKey)
        try await remember(key)
        logger.notice(
            "signing key created on first use",
            metadata: ["signing.keyid": "\(key.keyID)", "secrets.provider": "\(type.rawValue)"])
        return pair
    }

    /// Writes `key` as the active key (0644: it is public).
    private func remember(_ key: SigningPublicKey) async throws {
        let path = activeKeyPath
        let bytes = Array(key.pem.utf8)
        try await Blocking.run {
            try FileSystem.createDirectory(AtomicFile.parentDirectory(of: path), mode: 0o700)
            try AtomicFile.write(bytes, to: path, mode: 0o644)
        }
    }
}
