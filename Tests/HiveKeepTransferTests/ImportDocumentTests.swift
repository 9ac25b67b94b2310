import Foundation
import HiveKeepCore
import HiveKeepSigning
import HiveKeepWorkloads
import Sodium
import Testing

/// Reading an import body: envelope checks, unsigned bodies, schema versions.
@Suite("Import documents")
struct ImportDocumentTests {
    static let payload = Array(
        #"{"image":"uvx://mcp-server-time","name":"time","port":18401,"schema_version":"v0.1.0","transport":"stdio"}"#
            .utf8)

    static func signed(
        _ payload: [UInt8] = payload, type: String = DSSE.runConfigPayloadType, by pair: SigningKeyPair
    ) throws -> [UInt8] {
        let signature = try pair.sign(DSSE.preAuthenticationEncoding(payloadType: type, payload: payload))
        let keyID = try SigningPublicKey(raw: pair.publicKey).keyID
        return try DSSEEnvelope(
            payloadType: type, payload: payload, signatures: [DSSESignature(keyID: keyID, signature: signature)]
        ).jsonBytes()
    }

    static func message(of body: [UInt8], trusted: [SigningPublicKey], allowUnsigned: Bool = true) -> String {
        do {
            _ = try ImportDocument.read(body, trustedKeys: trusted, allowUnsigned: allowUnsigned)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test("an envelope by a trusted key gives its RunConfig and signer")
    func trustedEnvelope() throws {
        let pair = try SigningKeyPair.generate()
        let key = try SigningPublicKey(raw: pair.publicKey)
        let document = try ImportDocument.read(try Self.signed(by: pair), trustedKeys: [key], allowUnsigned: false)
        #expect(document.signer == key)
        #expect(document.config.image == "uvx://mcp-server-time")
        #expect(document.config.port == 18401)
    }

    @Test("an envelope is checked even when unsigned imports are allowed")
    func envelopeAlwaysVerified() throws {
        let pair = try SigningKeyPair.generate()
        let other = try SigningPublicKey(raw: try SigningKeyPair.generate().publicKey)
        let message = Self.message(of: try Self.signed(by: pair), trusted: [other], allowUnsigned: true)
        #expect(message.contains("not trusted"))
        let wrongType = try Self.signed(type: "application/json", by: pair)
        let key = try SigningPublicKey(raw: pair.publicKey)
        #expect(Self.message(of: wrongType, trusted: [key]).contains("payload type"))
    }

    @Test("a plain RunConfig needs allowUnsigned; with it, ToolHive's form is read")
    func plainRunConfig() throws {
        let toolhive = Array(
            #"""
            {"schema_version":"v0.1.0","image":"exec:///usr/bin/env","name":"from-thv","base_name":"from-thv",
             "transport":"stdio","host":"127.0.0.1","port":0,"permission_profile":null,
             "env_vars":{"MCP_TRANSPORT":"stdio"},"container_labels":{"toolhive":"true"},
             "secrets":["api-key,target=API_KEY"],"OIDC_Config":{"issuer":"https://issuer.example"},
             "proxy_mode":"streamable-http","middleware_configs":[{"type":"mcp-parser","parameters":{}}]}
            """#.utf8)
        #expect(Self.message(of: toolhive, trusted: [], allowUnsigned: false).contains("not signed"))
        let document = try ImportDocument.read(toolhive, trustedKeys: [], allowUnsigned: true)
        #expect(document.signer == nil)
        #expect(document.config.name == "from-thv")
        #expect(document.config.secrets == ["api-key,target=API_KEY"])
        #expect(document.config.oidcConfig?.issuer == "https://issuer.example")
    }

    @Test("an unsupported schema_version, a non-object body and a non-JSON payload are refused")
    func refusals() throws {
        let future = Array(#"{"schema_version":"v2.0.0","image":"uvx://x","name":"x"}"#.utf8)
        #expect(Self.message(of: future, trusted: []).contains("unsupported schema_version 'v2.0.0'"))
        #expect(Self.message(of: Array("[1,2]".utf8), trusted: []).contains("not a JSON object"))
        let pair = try SigningKeyPair.generate()
        let key = try SigningPublicKey(raw: pair.publicKey)
        let notJSON = try Self.signed(Array("not json".utf8), by: pair)
        #expect(Self.message(of: notJSON, trusted: [key]).contains("signed payload is not valid JSON"))
        let badType = Array(#"{"image":"uvx://x","name":"x","port":"eighty"}"#.utf8)
        #expect(Self.message(of: badType, trusted: []).contains("field 'port'"))
    }
}
