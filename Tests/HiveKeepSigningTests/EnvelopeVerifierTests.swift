import Foundation
import HiveKeepCore
import HiveKeepSigning
import Testing

@Suite("Envelope verification")
struct EnvelopeVerifierTests {
    let signer: TestSigner
    let other: TestSigner

    init() throws {
        signer = try TestSigner()
        other = try TestSigner()
    }

    func verify(_ envelope: DSSEEnvelope, trusting keys: [SigningPublicKey]? = nil) throws -> VerifiedPayload {
        try EnvelopeVerifier.verify(
            envelope, payloadType: DSSE.runConfigPayloadType, trustedKeys: keys ?? [other.publicKey, signer.publicKey])
    }

    @Test("a signed envelope verifies after a JSON round trip and names its signer")
    func roundTrip() throws {
        let envelope = try signer.envelope(samplePayload)
        let json = try envelope.jsonBytes()
        let verified = try EnvelopeVerifier.verify(
            json: json, payloadType: DSSE.runConfigPayloadType, trustedKeys: [other.publicKey, signer.publicKey])
        #expect(verified.payload == samplePayload)
        #expect(verified.signer == signer.publicKey)
        #expect(envelope.signatures.first?.keyID == signer.publicKey.keyID)
    }

    @Test("one changed payload byte makes the envelope fail to verify")
    func changedPayloadByte() throws {
        var envelope = try signer.envelope(samplePayload)
        envelope.payload[envelope.payload.count / 2] ^= 0x01
        #expect(envelopeError { _ = try verify(envelope) } == .signatureInvalid(keyID: signer.publicKey.keyID))
    }

    @Test("an envelope signed as another type and relabelled as HiveKeep's fails to verify")
    func changedPayloadType() throws {
        var envelope = try signer.envelope(samplePayload, payloadType: "application/json")
        envelope.payloadType = DSSE.runConfigPayloadType
        #expect(envelopeError { _ = try verify(envelope) } == .signatureInvalid(keyID: signer.publicKey.keyID))
    }

    @Test("a payload type that is not HiveKeep's is refused as such, even when correctly signed")
    func foreignPayloadType() throws {
        let envelope = try signer.envelope(samplePayload, payloadType: "application/vnd.in-toto+json")
        #expect(
            envelopeError { _ = try verify(envelope) }
                == .unexpectedPayloadType(expected: DSSE.runConfigPayloadType, actual: "application/vnd.in-toto+json"))
    }

    @Test("an envelope whose signatures were stripped is refused for having none")
    func strippedSignatures() throws {
        var envelope = try signer.envelope(samplePayload)
        envelope.signatures = []
        #expect(envelopeError { _ = try verify(envelope) } == .noSignatures)
        let json = #"{"payloadType":"\#(DSSE.runConfigPayloadType)","payload":"aGk="}"#
        let parsed = try DSSEEnvelope(json: Array(json.utf8))
        #expect(envelopeError { _ = try verify(parsed) } == .noSignatures)
    }

    @Test("a keyid repeated in one envelope is refused, even when one of the signatures is good")
    func repeatedKeyID() throws {
        var envelope = try signer.envelope(samplePayload)
        let good = try #require(envelope.signatures.first)
        envelope.signatures.append(DSSESignature(keyID: good.keyID, signature: [UInt8](repeating: 7, count: 64)))
        #expect(envelopeError { _ = try verify(envelope) } == .repeatedKeyID(good.keyID))
    }

    @Test("a signature by another key under a trusted key's keyid does not verify")
    func wrongKey() throws {
        let impostor = try TestSigner()
        let envelope = try impostor.envelope(samplePayload, keyID: signer.publicKey.keyID)
        #expect(envelopeError { _ = try verify(envelope) } == .signatureInvalid(keyID: signer.publicKey.keyID))
    }

    @Test("a good signature by a key that is not trusted is refused as untrusted")
    func untrustedKey() throws {
        let stranger = try TestSigner()
        let envelope = try stranger.envelope(samplePayload)
        #expect(envelopeError { _ = try verify(envelope) } == .untrustedKey(keyIDs: [stranger.publicKey.keyID]))
        #expect(
            envelopeError { _ = try verify(envelope, trusting: []) }
                == .untrustedKey(keyIDs: [stranger.publicKey.keyID]))
    }

    @Test("the keyid is only a hint: a trusted key's signature verifies under any label")
    func keyIDIsAHint() throws {
        var envelope = try signer.envelope(samplePayload, keyID: "not-a-real-keyid")
        envelope.signatures.insert(DSSESignature(keyID: "", signature: [UInt8](repeating: 1, count: 64)), at: 0)
        #expect(try verify(envelope).signer == signer.publicKey)
    }
}
