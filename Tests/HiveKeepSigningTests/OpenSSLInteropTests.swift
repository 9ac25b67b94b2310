import Foundation
import HiveKeepSecrets
import HiveKeepSigning
import HiveKeepTestSupport
import Testing

/// HiveKeep's envelopes against OpenSSL, so that anyone can check a signature without HiveKeep.
@Suite("OpenSSL interoperability")
struct OpenSSLInteropTests {
    @Test(
        "openssl pkeyutl -verify accepts a HiveKeep signature over the PAE, with the exported PEM, and refuses a changed byte"
    )
    func opensslVerifiesHiveKeepSignature() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let signer = try TestSigner()
        let envelope = try signer.envelope(samplePayload)
        let signature = try #require(envelope.signatures.first)
        let pae = DSSE.preAuthenticationEncoding(payloadType: envelope.payloadType, payload: envelope.payload)
        try Data(signer.publicKey.pem.utf8).write(to: URL(fileURLWithPath: directory.child("key.pem")))
        try Data(pae).write(to: URL(fileURLWithPath: directory.child("pae.bin")))
        try Data(signature.signature).write(to: URL(fileURLWithPath: directory.child("sig.bin")))
        let verify = [
            "pkeyutl", "-verify", "-pubin", "-inkey", "key.pem", "-rawin", "-in", "pae.bin", "-sigfile", "sig.bin",
        ]
        let accepted = try OpenSSL.run(verify, in: directory)
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(accepted.output.contains("Signature Verified Successfully"))

        var changed = pae
        changed[changed.count - 1] ^= 0x01
        try Data(changed).write(to: URL(fileURLWithPath: directory.child("pae.bin")))
        let refused = try OpenSSL.run(verify, in: directory)
        #expect(refused.status != 0)
        #expect(!refused.output.contains("Signature Verified Successfully"))
    }

    @Test("an envelope signed by OpenSSL with a key trusted from its PEM verifies in HiveKeep")
    func hiveKeepVerifiesOpenSSLSignature() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pem = try OpenSSL.publicKeyPEM(algorithm: ["-algorithm", "ed25519"], in: directory)
        let key = try SigningPublicKey(pem: pem)
        let pae = DSSE.preAuthenticationEncoding(payloadType: DSSE.runConfigPayloadType, payload: samplePayload)
        try Data(pae).write(to: URL(fileURLWithPath: directory.child("pae.bin")))
        let sign = try OpenSSL.run(
            ["pkeyutl", "-sign", "-inkey", "private.pem", "-rawin", "-in", "pae.bin", "-out", "sig.bin"], in: directory)
        #expect(sign.status == 0, "\(sign.output)")
        let signature = Array(try Data(contentsOf: URL(fileURLWithPath: directory.child("sig.bin"))))
        let envelope = DSSEEnvelope(
            payloadType: DSSE.runConfigPayloadType, payload: samplePayload,
            signatures: [DSSESignature(keyID: key.keyID, signature: signature)])
        let verified = try EnvelopeVerifier.verify(envelope, payloadType: DSSE.runConfigPayloadType, trustedKeys: [key])
        #expect(verified.signer == key)
    }

    @Test("an envelope from the signing service verifies with OpenSSL and the PAE built by printf as in Keys/README.md")
    func serviceEnvelopeVerifiesWithShellRecipe() async throws {
        let fixture = try SigningFixture()
        defer { fixture.directory.remove() }
        let (_, signing) = try await fixture.setUp(.encrypted)
        let envelope = try await signing.sign(payload: samplePayload)
        let json = try envelope.jsonBytes()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let type = try #require(object["payloadType"] as? String)
        let payloadText = try #require(object["payload"] as? String)
        let payload = try #require(Data(base64Encoded: payloadText))
        let signatures = try #require(object["signatures"] as? [[String: String]])
        let signatureText = try #require(signatures.first?["sig"])
        let signature = try #require(Data(base64Encoded: signatureText))
        let directory = fixture.directory
        try payload.write(to: URL(fileURLWithPath: directory.child("payload.bin")))
        try signature.write(to: URL(fileURLWithPath: directory.child("sig.bin")))
        let key = try #require(try await signing.activeKey())
        try Data(key.pem.utf8).write(to: URL(fileURLWithPath: directory.child("key.pem")))
        let script = """
            type='\(type)'
            { printf 'DSSEv1 %d %s %d ' "${#type}" "$type" "$(wc -c < payload.bin)"; cat payload.bin; } > pae.bin
            exec \(OpenSSL.executable) pkeyutl -verify -pubin -inkey key.pem -rawin -in pae.bin -sigfile sig.bin
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let pae = try Data(contentsOf: URL(fileURLWithPath: directory.child("pae.bin")))
        #expect(Array(pae) == DSSE.preAuthenticationEncoding(payloadType: type, payload: Array(payload)))
    }
}
