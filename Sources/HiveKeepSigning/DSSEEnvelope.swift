import Foundation
import HiveKeepCore

/// A DSSE envelope: `{"payloadType", "payload" (base64), "signatures": [{"keyid", "sig" (base64)}]}`.
///
/// Encodes standard padded base64 with sorted keys; decodes either base64 alphabet, padded or not. A missing
/// `keyid` decodes as the empty string.
public struct DSSEEnvelope: Codable, Sendable, Hashable {
    /// What the payload is (a media type); covered by every signature.
    public var payloadType: String
    /// The signed bytes.
    public var payload: [UInt8]
    /// The signatures, each over ``DSSE/preAuthenticationEncoding(payloadType:payload:)``.
    public var signatures: [DSSESignature]

    /// An envelope of `payload` with `signatures`.
    public init(payloadType: String, payload: [UInt8], signatures: [DSSESignature]) {
        self.payloadType = payloadType
        self.payload = payload
        self.signatures = signatures
    }

    enum CodingKeys: String, CodingKey {
        case payloadType
        case payload
        case signatures
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        payloadType = try container.decode(String.self, forKey: .payloadType)
        let text = try container.decode(String.self, forKey: .payload)
        guard let payload = Base64.decode(text) else {
            throw EnvelopeError.malformedBase64(field: "payload")
        }
        self.payload = payload
        signatures = try container.decodeIfPresent([DSSESignature].self, forKey: .signatures) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(payloadType, forKey: .payloadType)
        try container.encode(Base64.encode(payload), forKey: .payload)
        try container.encode(signatures, forKey: .signatures)
    }

    /// Parses an envelope from JSON bytes.
    ///
    /// - Throws: a `HiveKeepError` (`.invalidArgument`) whose cause is ``EnvelopeError/malformedJSON(_:)`` or
    ///   ``EnvelopeError/malformedBase64(field:)``.
    public init(json: some Collection<UInt8>) throws {
        do {
            self = try JSONDecoder().decode(DSSEEnvelope.self, from: Data(json))
        } catch let error as EnvelopeError {
            throw error.hiveKeepError
        } catch let error as DecodingError {
            throw EnvelopeError.malformedJSON(Self.reason(error)).hiveKeepError
        }
    }

    /// The envelope as compact JSON with sorted keys.
    public func jsonBytes(pretty: Bool = false) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
        return Array(try encoder.encode(self))
    }

    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted: "not JSON"
        @unknown default: "unreadable"
        }
    }
}

/// One signature of a ``DSSEEnvelope``.
public struct DSSESignature: Codable, Sendable, Hashable {
    /// A hint naming the key: the lowercase hex SHA-256 of the raw public key (``SigningPublicKey/keyID``).
    public var keyID: String
    /// The 64-byte Ed25519 signature.
    public var signature: [UInt8]

    /// A signature by the key `keyID`.
    public init(keyID: String, signature: [UInt8]) {
        self.keyID = keyID
        self.signature = signature
    }

    enum CodingKeys: String, CodingKey {
        case keyID = "keyid"
        case signature = "sig"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        keyID = try container.decodeIfPresent(String.self, forKey: .keyID) ?? ""
        guard let signature = Base64.decode(try container.decode(String.self, forKey: .signature)) else {
            throw EnvelopeError.malformedBase64(field: "sig")
        }
        self.signature = signature
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(keyID, forKey: .keyID)
        try container.encode(Base64.encode(signature), forKey: .signature)
    }
}
