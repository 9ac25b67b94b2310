import HiveKeepCore

/// Why an envelope was refused. Each case is a distinct, caller-facing reason; thrown as the `cause` of a
/// `HiveKeepError` with code `.invalidArgument` (a 400 whose message says which), see ``hiveKeepError``.
public enum EnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The envelope is not JSON of the DSSE shape; the reason names what is wrong.
    case malformedJSON(String)
    /// A base64 field (`payload` or a `sig`) is not base64 in either alphabet.
    case malformedBase64(field: String)
    /// The envelope carries no signatures.
    case noSignatures
    /// Two signatures carry the same `keyid`.
    case repeatedKeyID(String)
    /// The payload type is not the one expected (not a HiveKeep RunConfig).
    case unexpectedPayloadType(expected: String, actual: String)
    /// No signature is by a trusted key; the key ids the envelope names.
    case untrustedKey(keyIDs: [String])
    /// A signature names a trusted key but does not verify: the payload or payload type was changed after signing,
    /// or the signature was made by another key or damaged.
    case signatureInvalid(keyID: String)

    public var description: String {
        switch self {
        case .malformedJSON(let reason):
            "the signed envelope is not valid DSSE JSON: \(reason)"
        case .malformedBase64(let field):
            "the signed envelope's \(field) is not valid base64"
        case .noSignatures:
            "the envelope has no signatures"
        case .repeatedKeyID(let keyID):
            "the envelope has more than one signature with keyid \(keyID)"
        case .unexpectedPayloadType(let expected, let actual):
            "the envelope's payload type is '\(actual)', not HiveKeep's '\(expected)'"
        case .untrustedKey(let keyIDs):
            "the envelope is signed by a key that is not trusted (keyid \(keyIDs.joined(separator: ", "))); "
                + "trust it with 'hivekeep keys trust' if you know whose it is"
        case .signatureInvalid(let keyID):
            "the envelope does not verify: its signature by trusted key \(keyID) does not match the payload and "
                + "payload type (they were changed after signing, or the signature is damaged)"
        }
    }

    /// This reason as the error HiveKeep's layers carry: `.invalidArgument` with this description and self as cause.
    public var hiveKeepError: HiveKeepError {
        HiveKeepError(.invalidArgument, description, cause: self)
    }
}
