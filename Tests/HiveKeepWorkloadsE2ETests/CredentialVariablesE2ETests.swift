import Foundation
import HiveKeepTestSupport
import Testing

extension EditAndBulkTests {
    @Test("a credential-looking variable is stored as a secret: the server gets it, no file or export holds it")
    func credentialVariables() async throws {
        try await withHarness(["HIVEKEEP_SECRETS_PASSWORD": "credential-test-vault-pw"]) { harness in
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
            let script = try harness.envServerScript()
            let created = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"cred","image":"exec://\#(script)","env_vars":{"SERVICE_TOKEN":"tok-value-3","REGION":"eu"}}"#
            )
            let port = try #require(created["port"] as? Int)
            try await harness.waitFor("cred", "running")
            #expect(try await readEnv(harness, port: port, "SERVICE_TOKEN") == ["tok-value-3"])
            #expect(try await readEnv(harness, port: port, "REGION") == ["eu"])
            #expect(try secretKeys(harness).contains("cred-service_token"))
            let saved = try String(
                contentsOfFile: harness.directory.child("state/hivekeep/runconfigs/cred.json"), encoding: .utf8)
            #expect(!saved.contains("tok-value-3"))
            #expect(saved.contains("cred-service_token,target=SERVICE_TOKEN"))
            let exported = try harness.api("GET", "/api/v1beta/workloads/cred/export")
            #expect(exported.status == 200)
            #expect(!exported.body.contains("tok-value-3"))

            let document =
                #"{"schema_version":"v0.1.0","name":"x","image":"exec://\#(script)","transport":"stdio","#
                + #""env_vars":{"DB_PASSWORD":"pw-value-4"}}"#
            let imported = try harness.api(
                "POST", "/api/v1beta/workloads/import?name=plain&allow_unsigned=true", document)
            #expect(imported.status == 400)
            #expect(imported.body.contains("env_vars.DB_PASSWORD") && imported.body.contains("looks like a credential"))
            #expect(!imported.body.contains("pw-value-4"))

            #expect(try harness.api("DELETE", "/api/v1beta/workloads/cred").status == 202)
            try await waitUntilEmpty(harness)
            #expect(try !secretKeys(harness).contains("cred-service_token"))
            try await finish(harness)
        }
    }
}
