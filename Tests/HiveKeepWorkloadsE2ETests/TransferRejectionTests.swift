import Foundation
import HiveKeepTestSupport
import Testing

/// Every way an import is refused over REST: a 400 that says which, and nothing created.
@Suite("import refusals end to end", .serialized, .timeLimit(.minutes(10)))
struct TransferRejectionTests {
    @Test("changed payload or type, stripped or repeated signature, wrong or untrusted key: 400, nothing created")
    func tamperedEnvelopesAreRefused() async throws {
        try await TransferSupport.run(environment: ["HIVEKEEP_SECRETS_PASSWORD": "transfer-test-vault-pw"]) {
            harness, transfer in
            try await harness.startServer()
            try await transfer.startSocketServer()
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let script = try harness.envServerScript()
            _ = try harness.json("POST", "/api/v1beta/workloads", #"{"name":"origin","image":"exec://\#(script)"}"#)
            let signed = try transfer.socketAPI("GET", "/api/v1beta/workloads/origin/export?format=dsse")
            #expect(signed.status == 200)
            let envelope = try Envelope.parse(signed.body)
            let payload = try Envelope.payload(envelope)
            let genuine = try #require((envelope["signatures"] as? [[String: Any]])?.first)

            // An Ed25519 key made by OpenSSL signs the same PAE: an independent signer HiveKeep does not trust yet.
            let openssl = try #require(TransferTests.openssl)
            let keyPath = harness.directory.child("other.key")
            #expect(try await transfer.run(openssl, ["genpkey", "-algorithm", "ed25519", "-out", keyPath]).status == 0)
            let pubPath = harness.directory.child("other.pem")
            #expect(try await transfer.run(openssl, ["pkey", "-in", keyPath, "-pubout", "-out", pubPath]).status == 0)
            let type = "application/vnd.hivekeep.runconfig+json"
            let paePath = try transfer.file("pae.bin", Envelope.pae(type: type, payload: payload))
            let sigPath = harness.directory.child("other.sig")
            let signing = ["pkeyutl", "-sign", "-inkey", keyPath, "-rawin", "-in", paePath, "-out", sigPath]
            #expect(try await transfer.run(openssl, signing).status == 0)
            let otherSignature = try Data(contentsOf: URL(fileURLWithPath: sigPath)).base64EncodedString()
            let derPath = harness.directory.child("other.der")
            let der = ["pkey", "-in", keyPath, "-pubout", "-outform", "DER", "-out", derPath]
            #expect(try await transfer.run(openssl, der).status == 0)
            let raw = try transfer.file("other.raw", try Data(contentsOf: URL(fileURLWithPath: derPath)).suffix(32))
            let digest = try await transfer.run(openssl, ["dgst", "-sha256", "-r", raw])
            let otherKeyID = String(digest.output.prefix(64))

            let forged: [[String: Any]] = [["keyid": genuine["keyid"] ?? "", "sig": otherSignature]]
            let byOther: [[String: Any]] = [["keyid": otherKeyID, "sig": otherSignature]]
            var changedPayload = payload
            changedPayload[changedPayload.count / 2] ^= 0x01
            let cases: [(String, [String: Any], String)] = [
                ("a changed payload byte", ["payload": Data(changedPayload).base64EncodedString()], "does not verify"),
                ("a changed payload type", ["payloadType": "application/vnd.in-toto+json"], "payload type"),
                ("stripped signatures", ["signatures": [[String: Any]]()], "no signatures"),
                ("a repeated signature", ["signatures": [genuine, genuine]], "more than one signature"),
                (
                    "a signature by another key under HiveKeep's keyid",
                    ["signatures": forged], "does not verify"
                ),
                (
                    "a signature by an untrusted key",
                    ["signatures": byOther], "not trusted"
                ),
            ]
            for (what, change, expected) in cases {
                let body = try Envelope.text(envelope.merging(change) { _, new in new })
                let response = try transfer.importBody(body, "name=tampered&allow_unsigned=true&allow_secrets=true")
                #expect(response.status == 400, "\(what)")
                #expect(response.body.contains(expected), "\(what): \(response.body)")
                #expect(try !transfer.exists("tampered"), "\(what)")
            }

            // Once the OpenSSL key is trusted, the envelope it signed imports.
            #expect(try await transfer.cli(["keys", "trust", pubPath, "--name", "openssl-test"]).status == 0)
            let byOpenSSL = try Envelope.text(
                envelope.merging(["signatures": byOther]) { _, new in new })
            #expect(try transfer.importBody(byOpenSSL, "name=by-openssl").status == 201)
            #expect(try transfer.exists("by-openssl"))
        }
    }

    @Test("an unsupported schema_version or a config that fails create's validation is a 400; nothing created")
    func invalidConfigurationsAreRefused() async throws {
        try await TransferSupport.run { harness, transfer in
            try await harness.startServer()
            let script = try harness.envServerScript()
            let base: [String: Any] = [
                "schema_version": "v0.1.0", "name": "x", "image": "exec://\(script)", "transport": "stdio",
                "host": "127.0.0.1", "port": 0,
            ]
            let cases: [(String, [String: Any], String)] = [
                ("a future schema", ["schema_version": "v1.0.0"], "unsupported schema_version"),
                ("a malformed image reference", ["image": "ghcr.io/example/server:-1.0"], "invalid image reference"),
                ("a public host", ["host": "0.0.0.0"], "loopback"),
                ("an unknown transport", ["transport": "carrier-pigeon"], "invalid transport"),
                ("a bad variable name", ["env_vars": ["1BAD": "x"]], "environment variable"),
                ("a bad secret reference", ["secrets": ["no-target"]], "secret reference"),
                ("a secret value in OIDC", ["oidc_config": ["ClientSecret": "s3cret-value"]], "secret value"),
                ("an unknown group", ["group": "nowhere"], "group nowhere"),
                (
                    "a bearer token read from a file",
                    [
                        "remote_url": "http://127.0.0.1:9/mcp", "image": "", "transport": "streamable-http",
                        "remote_auth_config": ["bearer_token_file": "/etc/token"],
                    ], "bearer_token_file"
                ),
                (
                    "a client secret read from a file",
                    [
                        "remote_url": "http://127.0.0.1:9/mcp", "image": "", "transport": "streamable-http",
                        "remote_auth_config": ["client_secret_file": "/etc/secret"],
                    ], "client_secret_file"
                ),
            ]
            for (what, change, expected) in cases {
                let body = try Envelope.text(base.merging(change) { _, new in new })
                let response = try transfer.importBody(body, "name=invalid&allow_unsigned=true&allow_secrets=true")
                #expect(response.status == 400, "\(what)")
                #expect(response.body.contains(expected), "\(what): \(response.body)")
                #expect(!response.body.contains("s3cret-value"), "\(what)")
                #expect(try !transfer.exists("invalid"), "\(what)")
            }
            // The same document with none of these problems imports (ToolHive's key spellings included).
            let good = try Envelope.text(base.merging(["Env_Vars": ["GREETING": "hi"]]) { _, new in new })
            #expect(try transfer.importBody(good, "name=valid&allow_unsigned=true").status == 201)
            let saved = try harness.json("GET", "/api/v1beta/workloads/valid/export")
            #expect((saved["env_vars"] as? [String: String])?["GREETING"] == "hi")
        }
    }
}
