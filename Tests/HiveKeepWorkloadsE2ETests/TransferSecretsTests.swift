import Foundation
import HiveKeepTestSupport
import Testing

/// Imports of configurations that reference secrets, over REST and the CLI; the signing key in the secrets API.
@Suite("import with secrets end to end", .serialized, .timeLimit(.minutes(10)))
struct TransferSecretsTests {
    static let planted = "planted-IMPORT-secret-52341"

    @Test("secrets need allow_secrets and must be in the provider; the CLI shows the plan and asks")
    func secretsNeedConsent() async throws {
        try await TransferSupport.run(environment: ["HIVEKEEP_SECRETS_PASSWORD": "transfer-test-vault-pw"]) {
            harness, transfer in
            try await harness.startServer()
            try await transfer.startSocketServer()
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let secret = #"{"key":"api-token","value":"\#(Self.planted)"}"#
            #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", secret).status == 201)
            let script = try harness.envServerScript()
            _ = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"keeper","image":"exec://\#(script)","secrets":[{"name":"api-token","target":"API_TOKEN"}]}"#)
            let signed = try transfer.socketAPI("GET", "/api/v1beta/workloads/keeper/export?format=dsse").body

            let refused = try transfer.importBody(signed, "name=copy")
            #expect(refused.status == 400)
            #expect(refused.body.contains("references secrets (api-token)") && refused.body.contains("allow_secrets"))
            #expect(try !transfer.exists("copy"))

            #expect(try harness.api("DELETE", "/api/v1beta/secrets/default/keys/api-token").status == 204)
            let missing = try transfer.importBody(signed, "name=copy&allow_secrets=true")
            #expect(missing.status == 400)
            #expect(missing.body.contains("secrets not found in the provider: api-token"))
            #expect(try !transfer.exists("copy"))
            #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", secret).status == 201)

            let created = try transfer.importBody(signed, "name=copy&allow_secrets=true")
            #expect(created.status == 201)
            let port = try #require(try Envelope.parse(created.body)["port"] as? Int)
            try await harness.waitFor("copy", "running")
            let reply = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "read_env", #"{"name":"API_TOKEN"}"#])
            #expect(reply["content"] as? [String] == [Self.planted])

            // The CLI: export --sign, then import shows the plan; without a terminal it needs --allow-secrets.
            let file = harness.directory.child("exports/keeper.dsse.json")
            let exported = try await transfer.cli(["export", "keeper", file, "--sign"])
            #expect(exported.status == 0, "\(exported.error)")
            #expect(exported.output.contains("Successfully exported run configuration for 'keeper'"))
            let asked = try await transfer.cli(["import", file, "--name", "cli-copy", "--no-wait"])
            #expect(asked.status != 0)
            #expect(asked.output.contains("secrets:   api-token as API_TOKEN"))
            #expect(asked.output.contains("runs:      exec://\(script)"))
            #expect(asked.error.contains("--allow-secrets"))
            #expect(try !transfer.exists("cli-copy"))
            // On a terminal (util-linux `script` gives one), the CLI asks; "n" creates nothing, "y" imports.
            let hivekeep = try TestProducts.executable("hivekeep")
            for (answer, name) in [("n", "tty-no"), ("y", "tty-yes")] {
                let command = "\(hivekeep) import \(file) --name \(name) --no-wait"
                let tty = try ChildProcess(
                    "/usr/bin/script", ["-qec", command, "/dev/null"], environment: harness.environment,
                    logDirectory: harness.directory.path, standardInput: answer + "\n")
                let status = try await tty.wait(timeout: .seconds(60))
                #expect(tty.output.contains("Import and run it? [y/N]"))
                #expect(tty.output.contains("secrets:   api-token as API_TOKEN"))
                #expect((status == 0) == (answer == "y"), "\(tty.output)")
                #expect(try transfer.exists(name) == (answer == "y"))
            }
            let imported = try await transfer.cli([
                "import", file, "--name", "cli-copy", "--allow-secrets", "--no-wait",
            ])
            #expect(imported.status == 0, "\(imported.error)")
            #expect(imported.output.contains("created workload cli-copy"))
            #expect(try transfer.exists("cli-copy"))
            #expect(!(imported.output + imported.error + asked.output + asked.error).contains(Self.planted))
        }
    }

    @Test("the signing key never shows in the secrets API, and deleting or reading it there fails")
    func signingKeyHiddenFromSecretsAPI() async throws {
        try await TransferSupport.run(environment: ["HIVEKEEP_SECRETS_PASSWORD": "transfer-test-vault-pw"]) {
            harness, transfer in
            try await harness.startServer()
            try await transfer.startSocketServer()
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let script = try harness.envServerScript()
            _ = try harness.json("POST", "/api/v1beta/workloads", #"{"name":"signed","image":"exec://\#(script)"}"#)
            let first = try transfer.socketAPI("GET", "/api/v1beta/workloads/signed/export?format=dsse")
            #expect(first.status == 200)
            let keyID = try #require(
                (try Envelope.parse(first.body)["signatures"] as? [[String: Any]])?.first?["keyid"])

            let listed = try harness.api("GET", "/api/v1beta/secrets/default/keys")
            #expect(listed.status == 200)
            #expect(!listed.body.contains("signing") && !listed.body.contains("hivekeep="))
            for path in ["hivekeep%3Dsigning-key", "signing-key"] {
                let read = try harness.api("GET", "/api/v1beta/secrets/default/keys/\(path)")
                #expect(read.status != 200, "GET \(path)")
                let deleted = try harness.api("DELETE", "/api/v1beta/secrets/default/keys/\(path)")
                #expect(deleted.status != 204, "DELETE \(path)")
            }
            let overwrite = #"{"key":"hivekeep=signing-key","value":"attacker"}"#
            #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", overwrite).status == 400)

            // An imported configuration cannot reach the record by reference either.
            let plain = try harness.api("GET", "/api/v1beta/workloads/signed/export").body
            var config = try Envelope.parse(plain)
            config["secrets"] = ["hivekeep=signing-key,target=SEED"]
            let reaching = try transfer.importBody(
                try Envelope.text(config), "name=reaching&allow_unsigned=true&allow_secrets=true")
            #expect(reaching.status == 400)
            #expect(reaching.body.contains("secrets not found in the provider: hivekeep=signing-key"))
            #expect(try !transfer.exists("reaching"))

            // The key survived all of that: the next signature is by the same key.
            let second = try transfer.socketAPI("GET", "/api/v1beta/workloads/signed/export?format=dsse")
            let secondID = (try Envelope.parse(second.body)["signatures"] as? [[String: Any]])?.first?["keyid"]
            #expect(secondID as? String == keyID as? String)
        }
    }
}
