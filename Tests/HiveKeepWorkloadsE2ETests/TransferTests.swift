import Foundation
import HiveKeepTestSupport
import Testing

/// Signed export and import through a real `hivekeep serve` (TCP and Unix socket over one home), checked with
/// OpenSSL as an independent verifier and signer.
@Suite("export and import end to end", .serialized, .timeLimit(.minutes(10)))
struct TransferTests {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(
        "a signed export verifies with OpenSSL, imports as the same RunConfig on a free port, and only an admin principal gets a signature"
    )
    func signedRoundTrip() async throws {
        try await TransferSupport.run(environment: ["HIVEKEEP_SECRETS_PASSWORD": "transfer-test-vault-pw"]) {
            harness, transfer in
            try await harness.startServer()
            try await transfer.startSocketServer()
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let script = try harness.envServerScript()
            let origin = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"origin","image":"exec://\#(script)","env_vars":{"PLAIN":"visible"}}"#)
            try await harness.waitFor("origin", "running")

            // Over TCP a signature needs the admin credential: without a token 401, with the API token a signature.
            let anonymous = try RawHTTP.request(
                "GET", "/api/v1beta/workloads/origin/export?format=dsse", to: .tcp(port: harness.port))
            #expect(anonymous.status == 401)
            #expect(!anonymous.body.contains("signatures"))
            let overTCP = try harness.api("GET", "/api/v1beta/workloads/origin/export?format=dsse")
            #expect(overTCP.status == 200)
            #expect(
                try Envelope.parse(overTCP.body)["payloadType"] as? String == "application/vnd.hivekeep.runconfig+json")
            let signed = try transfer.socketAPI("GET", "/api/v1beta/workloads/origin/export?format=dsse")
            #expect(signed.status == 200)
            let envelope = try Envelope.parse(signed.body)
            let payload = try Envelope.payload(envelope)
            let plain = try harness.api("GET", "/api/v1beta/workloads/origin/export")
            #expect(plain.status == 200)
            #expect(payload + [UInt8(ascii: "\n")] == Array(plain.body.utf8))
            #expect(envelope["payloadType"] as? String == "application/vnd.hivekeep.runconfig+json")
            #expect(try harness.api("GET", "/api/v1beta/workloads/origin/export?format=yaml").status == 400)

            // OpenSSL, knowing only the exported PEM, accepts the signature over the PAE and refuses a changed payload.
            let openssl = try #require(Self.openssl)
            let pem = try await transfer.cli(["keys", "export"])
            #expect(pem.status == 0)
            let keyPath = try transfer.file("hivekeep.pem", Array(pem.output.utf8))
            let signatures = try #require(envelope["signatures"] as? [[String: Any]])
            #expect(signatures.count == 1)
            let signature = try #require(Data(base64Encoded: signatures[0]["sig"] as? String ?? ""))
            let sigPath = try transfer.file("sig.bin", signature)
            let type = "application/vnd.hivekeep.runconfig+json"
            let paePath = try transfer.file("pae.bin", Envelope.pae(type: type, payload: payload))
            let verify = ["pkeyutl", "-verify", "-pubin", "-inkey", keyPath, "-rawin", "-sigfile", sigPath, "-in"]
            let verified = try await transfer.run(openssl, verify + [paePath])
            #expect(verified.status == 0)
            #expect(verified.output.contains("Signature Verified Successfully"))
            var changed = payload
            changed[changed.count / 2] ^= 0x01
            let changedPath = try transfer.file("pae-changed.bin", Envelope.pae(type: type, payload: changed))
            #expect(try await transfer.run(openssl, verify + [changedPath]).status != 0)

            // Import under another name: the same RunConfig but for name and port (the payload's port is taken).
            let created = try harness.api("POST", "/api/v1beta/workloads/import?name=copy", signed.body)
            #expect(created.status == 201)
            let answer = try Envelope.parse(created.body)
            #expect(answer["name"] as? String == "copy")
            let port = try #require(answer["port"] as? Int)
            #expect(port != origin["port"] as? Int)
            try await harness.waitFor("copy", "running")
            let copied = try harness.api("GET", "/api/v1beta/workloads/copy/export")
            #expect(try Self.comparable(copied.body, name: "copy") == Self.comparable(plain.body, name: "origin"))
            let copiedConfig = try Envelope.parse(copied.body)
            #expect(copiedConfig["port"] as? Int == port)
            let reply = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "read_env", #"{"name":"PLAIN"}"#])
            #expect(reply["content"] as? [String] == ["visible"])

            // The payload's own name exists: 409, and nothing is replaced.
            let again = try harness.api("POST", "/api/v1beta/workloads/import", signed.body)
            #expect(again.status == 409)
            #expect(again.body.contains("already exists"))

            // A plain RunConfig imports only with allow_unsigned.
            let unsigned = try transfer.importBody(plain.body, "name=unsigned")
            #expect(unsigned.status == 400)
            #expect(unsigned.body.contains("not signed") && unsigned.body.contains("allow_unsigned=true"))
            #expect(try !transfer.exists("unsigned"))
            #expect(try transfer.importBody(plain.body, "name=unsigned&allow_unsigned=true").status == 201)
            try await harness.waitFor("unsigned", "running")

            for name in ["origin", "copy", "unsigned"] {
                #expect(try harness.api("DELETE", "/api/v1beta/workloads/\(name)").status == 202)
            }
        }
    }

    /// A RunConfig JSON with what an import under another name and port changes taken out.
    static func comparable(_ json: String, name: String) throws -> NSDictionary {
        var config = try Envelope.parse(json)
        #expect(config["name"] as? String == name)
        for key in ["name", "base_name", "container_name", "port"] { config.removeValue(forKey: key) }
        var labels = config["container_labels"] as? [String: String] ?? [:]
        #expect(labels["toolhive-name"] == name)
        for key in ["toolhive-name", "toolhive-basename", "toolhive-port"] { labels.removeValue(forKey: key) }
        config["container_labels"] = labels
        return config as NSDictionary
    }
}
