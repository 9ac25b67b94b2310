import Foundation
import HiveKeepCore
import HiveKeepSigning
import Sodium
import Testing

/// A throwaway Ed25519 key that signs envelopes the way HiveKeep does, for verifier tests.
struct TestSigner {
    let pair: SigningKeyPair
    let publicKey: SigningPublicKey

    init() throws {
        pair = try SigningKeyPair.generate()
        publicKey = try SigningPublicKey(raw: pair.publicKey)
    }

    /// An envelope of `payload` as `payloadType` with one signature, labelled `keyID` (default: this key's id).
    func envelope(
        _ payload: [UInt8], payloadType: String = DSSE.runConfigPayloadType, keyID: String? = nil
    ) throws -> DSSEEnvelope {
        DSSEEnvelope(
            payloadType: payloadType, payload: payload, signatures: [try signature(payload, payloadType, keyID)])
    }

    func signature(_ payload: [UInt8], _ payloadType: String, _ keyID: String? = nil) throws -> DSSESignature {
        let message = DSSE.preAuthenticationEncoding(payloadType: payloadType, payload: payload)
        return DSSESignature(keyID: keyID ?? publicKey.keyID, signature: try pair.sign(message))
    }
}

/// The `EnvelopeError` a `HiveKeepError` carries as its cause, when `body` throws one.
func envelopeError(_ body: () throws -> Void) -> EnvelopeError? {
    do {
        try body()
        return nil
    } catch let error as HiveKeepError {
        #expect(error.code == .invalidArgument)
        #expect(error.message == (error.cause as? EnvelopeError)?.description)
        return error.cause as? EnvelopeError
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// The `HiveKeepError` `body` throws, or nil.
func hiveKeepError(_ body: () async throws -> Void) async -> HiveKeepError? {
    do {
        try await body()
        return nil
    } catch let error as HiveKeepError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// A sample RunConfig-like payload.
let samplePayload = Array(#"{"image":"ghcr.io/example/server:1","name":"time","transport":"stdio"}"#.utf8)
