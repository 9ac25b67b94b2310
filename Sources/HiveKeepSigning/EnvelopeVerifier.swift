import HiveKeepCore
import Sodium

/// What a verified envelope carries, and who signed it.
public struct VerifiedPayload: Sendable, Hashable {
    /// The payload type (equal to the one asked for).
    public var payloadType: String
    /// The payload bytes, covered by a signature of ``signer``.
    public var payload: [UInt8]
    /// The trusted key whose signature verified.
    public var signer: SigningPublicKey
}

/// Checks DSSE envelopes against a set of trusted Ed25519 keys.
public enum EnvelopeVerifier {
    /// Verifies `envelope`: it must carry `payloadType` and a signature by one of `trustedKeys` over the
    /// pre-authentication encoding of its type and payload.
    ///
    /// Checks in order: at least one signature, no `keyid` twice, the payload type, then the signatures. A `keyid`
    /// is only a hint: every signature is tried against every trusted key.
    ///
    /// - Throws: a `HiveKeepError` (`.invalidArgument`) whose cause is the ``EnvelopeError`` that says why:
    ///   ``EnvelopeError/noSignatures``, ``EnvelopeError/repeatedKeyID(_:)``,
    ///   ``EnvelopeError/unexpectedPayloadType(expected:actual:)``, ``EnvelopeError/signatureInvalid(keyID:)`` when
    ///   a signature names a trusted key but none verifies, else ``EnvelopeError/untrustedKey(keyIDs:)``.
    public static func verify(
        _ envelope: DSSEEnvelope,
        payloadType: String,
        trustedKeys: [SigningPublicKey]
    ) throws -> VerifiedPayload {
        guard !envelope.signatures.isEmpty else {
            throw EnvelopeError.noSignatures.hiveKeepError
        }
        var seen: Set<String> = []
        for signature in envelope.signatures where !seen.insert(signature.keyID).inserted {
            throw EnvelopeError.repeatedKeyID(signature.keyID).hiveKeepError
        }
        guard envelope.payloadType == payloadType else {
            throw EnvelopeError.unexpectedPayloadType(expected: payloadType, actual: envelope.payloadType).hiveKeepError
        }
        let message = DSSE.preAuthenticationEncoding(payloadType: envelope.payloadType, payload: envelope.payload)
        for signature in envelope.signatures {
            for key in trustedKeys
            where Ed25519.verify(signature: signature.signature, message: message, publicKey: key.raw) {
                return VerifiedPayload(payloadType: envelope.payloadType, payload: envelope.payload, signer: key)
            }
        }
        let trustedIDs = Set(trustedKeys.map(\.keyID))
        if let named = envelope.signatures.first(where: { trustedIDs.contains($0.keyID) }) {
            throw EnvelopeError.signatureInvalid(keyID: named.keyID).hiveKeepError
        }
        throw EnvelopeError.untrustedKey(keyIDs: envelope.signatures.map(\.keyID)).hiveKeepError
    }

    /// Parses `json` as an envelope and verifies it (see ``verify(_:payloadType:trustedKeys:)``).
    public static func verify(
        json: some Collection<UInt8>,
        payloadType: String,
        trustedKeys: [SigningPublicKey]
    ) throws -> VerifiedPayload {
        try verify(DSSEEnvelope(json: json), payloadType: payloadType, trustedKeys: trustedKeys)
    }
}
