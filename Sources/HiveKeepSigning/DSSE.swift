/// Dead Simple Signing Envelope (DSSE v1) constants and the byte string every signature covers.
public enum DSSE {
    /// The payload type of a signed HiveKeep RunConfig export.
    public static let runConfigPayloadType = "application/vnd.hivekeep.runconfig+json"

    /// DSSE's pre-authentication encoding: `"DSSEv1" SP len(type) SP type SP len(body) SP body`, lengths as ASCII
    /// decimal byte counts. Binding the payload type into the signed bytes means changing the type breaks the
    /// signature just as changing the payload does.
    public static func preAuthenticationEncoding(payloadType: String, payload: [UInt8]) -> [UInt8] {
        let type = Array(payloadType.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32 + type.count + payload.count)
        bytes += Array("DSSEv1 \(type.count) ".utf8)
        bytes += type
        bytes += Array(" \(payload.count) ".utf8)
        bytes += payload
        return bytes
    }
}
