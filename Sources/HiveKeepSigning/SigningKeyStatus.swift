import HiveKeepSecrets
import Sodium

/// Which signing key is active, where it is kept, and whether signing works right now.
public struct SigningKeyStatus: Sendable, Hashable {
    /// The active public key, nil before a key was created here.
    public var activeKey: SigningPublicKey?
    /// The secrets provider the signing key record lives in; nil when none can hold it (not set up, environment).
    public var provider: SecretsProviderType?
    /// The key the current provider's record holds, if it has one.
    public var storedKey: SigningPublicKey?
    /// Why signing would fail now; nil when it works (or would create the key on first use).
    public var problem: String?
}

extension SigningService {
    /// The signing key's status; problems are reported in ``SigningKeyStatus/problem``, not thrown.
    ///
    /// - Throws: only when the active key file itself is unreadable.
    public func status(caller: String = "signing") async throws -> SigningKeyStatus {
        var status = SigningKeyStatus(activeKey: try await activeKey())
        do {
            status.provider = try await secrets.signingKeyProviderType()
            if let record = try await secrets.signingKeyRecord(caller: caller), let provider = status.provider {
                status.storedKey = try SigningPublicKey(
                    raw: SigningKeyCodec.keyPair(from: record, provider: provider).publicKey)
            }
        } catch {
            status.problem = "\(error)"
            return status
        }
        let place = status.provider.map { "the \($0.rawValue) secrets provider" } ?? "the secrets store"
        switch (status.activeKey, status.storedKey) {
        case (let active?, nil):
            status.problem =
                "the active key \(active.keyID) is not in \(place) (was the provider changed?); switch back, "
                + "or start a new identity with 'hivekeep keys generate --replace'"
        case (let active?, let stored?) where active != stored:
            status.problem =
                "\(place) holds key \(stored.keyID), not the active key \(active.keyID); switch back, or start a "
                + "new identity with 'hivekeep keys generate --replace'"
        default:
            break
        }
        return status
    }
}

extension SigningKeyStatus {
    init(activeKey: SigningPublicKey?) {
        self.init(activeKey: activeKey, provider: nil, storedKey: nil, problem: nil)
    }
}
