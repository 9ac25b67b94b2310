import Foundation
import HiveKeepCore
import HiveKeepSigning
import Testing

@Suite("DSSE encoding")
struct DSSETests {
    @Test("the pre-authentication encoding of a known input is DSSEv1 SP len SP type SP len SP body")
    func preAuthenticationEncodingBytes() {
        let bytes = DSSE.preAuthenticationEncoding(
            payloadType: "http://example.com/HelloWorld", payload: Array("hello world".utf8))
        // The example from the DSSE v1 protocol specification.
        #expect(String(decoding: bytes, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
        let empty = DSSE.preAuthenticationEncoding(payloadType: "", payload: [])
        #expect(empty == Array("DSSEv1 0  0 ".utf8))
        // Lengths count bytes, not characters.
        let utf8 = DSSE.preAuthenticationEncoding(payloadType: "é", payload: [0, 255])
        #expect(utf8 == Array("DSSEv1 2 é 2 ".utf8) + [0, 255])
    }

    @Test("an envelope encodes standard padded base64 with DSSE's field names and decodes back")
    func envelopeJSONRoundTrip() throws {
        let envelope = DSSEEnvelope(
            payloadType: DSSE.runConfigPayloadType, payload: [0xfb, 0xff, 0x01],
            signatures: [DSSESignature(keyID: "abc", signature: [0xff, 0xfe])])
        let json = String(decoding: try envelope.jsonBytes(), as: UTF8.self)
        #expect(
            json
                == #"{"payload":"+/8B","payloadType":"application/vnd.hivekeep.runconfig+json","signatures":[{"keyid":"abc","sig":"//4="}]}"#
        )
        #expect(try DSSEEnvelope(json: Array(json.utf8)) == envelope)
    }

    @Test("URL-safe and unpadded base64 are accepted in payload and sig")
    func urlSafeUnpaddedBase64() throws {
        let json = #"{"payloadType":"t","payload":"-_8B","signatures":[{"keyid":"k","sig":"__4"}]}"#
        let envelope = try DSSEEnvelope(json: Array(json.utf8))
        #expect(envelope.payload == [0xfb, 0xff, 0x01])
        #expect(envelope.signatures.first?.signature == [0xff, 0xfe])
        let padded = #"{"payloadType":"t","payload":"aGk=","signatures":[{"sig":"aGk"}]}"#
        let second = try DSSEEnvelope(json: Array(padded.utf8))
        #expect(second.payload == Array("hi".utf8))
        #expect(second.signatures.first?.keyID == "")
    }

    @Test("malformed base64 and malformed JSON are refused with their own reasons")
    func malformedInput() {
        let badPayload = #"{"payloadType":"t","payload":"a b","signatures":[]}"#
        #expect(
            envelopeError { _ = try DSSEEnvelope(json: Array(badPayload.utf8)) } == .malformedBase64(field: "payload"))
        let badSig = #"{"payloadType":"t","payload":"aGk=","signatures":[{"keyid":"k","sig":"a"}]}"#
        #expect(envelopeError { _ = try DSSEEnvelope(json: Array(badSig.utf8)) } == .malformedBase64(field: "sig"))
        let badPadding = #"{"payloadType":"t","payload":"aG=k","signatures":[]}"#
        #expect(
            envelopeError { _ = try DSSEEnvelope(json: Array(badPadding.utf8)) } == .malformedBase64(field: "payload"))
        #expect(envelopeError { _ = try DSSEEnvelope(json: Array("not json".utf8)) } == .malformedJSON("not JSON"))
        let missing = #"{"payload":"aGk=","signatures":[]}"#
        #expect(
            envelopeError { _ = try DSSEEnvelope(json: Array(missing.utf8)) }
                == .malformedJSON("missing field 'payloadType'"))
        let wrongType = #"{"payloadType":7,"payload":"aGk=","signatures":[]}"#
        #expect(
            envelopeError { _ = try DSSEEnvelope(json: Array(wrongType.utf8)) }
                == .malformedJSON("wrong type at 'payloadType'"))
    }
}
