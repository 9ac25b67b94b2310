import HiveKeepCore
import Testing

@testable import HiveKeepWorkloads

@Suite("credential-looking environment variables")
struct CredentialVariablesTests {
    @Test(
        "names ending in _TOKEN, _SECRET, _PASSWORD, _KEY, and Authorization, in any case, look like credentials",
        arguments: [
            ("GITHUB_TOKEN", true), ("client_secret", true), ("DB_PASSWORD", true), ("API_KEY", true),
            ("Authorization", true), ("AUTHORIZATION", true), ("REGION", false), ("TOKEN", false),
            ("KEYBOARD", false), ("TOKEN_URL", false),
        ])
    func names(name: String, looksSecret: Bool) {
        #expect(CredentialVariables.looksSecret(name) == looksSecret)
    }

    @Test("create and edit move credential values to pending secrets and reference them; plain ones stay")
    func moved() throws {
        var request = WorkloadRequest(name: "w", image: "exec:///bin/sh")
        request.envVars = [
            "GITHUB_TOKEN": "ghp-value-1", "Authorization": "Bearer value-2", "REGION": "eu", "EMPTY_KEY": "",
        ]
        request.secrets = [SecretReference(name: "older", target: "GITHUB_TOKEN")]
        let plan = try WorkloadBuilder(request: request, name: "w", entry: nil, currentPort: nil, reservedPorts: [])
            .build()
        #expect(plan.config.envVars["REGION"] == "eu")
        #expect(plan.config.envVars["EMPTY_KEY"] == "")
        #expect(plan.config.envVars["GITHUB_TOKEN"] == nil && plan.config.envVars["Authorization"] == nil)
        #expect(
            Set(plan.config.secrets) == ["w-github_token,target=GITHUB_TOKEN", "w-authorization,target=Authorization"])
        let pending = Dictionary(uniqueKeysWithValues: plan.secretsToStore.map { ($0.key, $0.value) })
        #expect(pending == ["w-github_token": "ghp-value-1", "w-authorization": "Bearer value-2"])
        #expect(plan.secretsToStore.allSatisfy { $0.because.hasSuffix("looks like a credential") })
        #expect(ExportCheck.secretValueField(in: plan.config, secretVariables: []) == nil)
    }

    @Test("export finds a credential value left in clear, but not an empty one")
    func exportCheck() {
        var config = RunConfig()
        config.envVars = ["EMPTY_PASSWORD": "", "REGION": "eu"]
        #expect(ExportCheck.secretValueField(in: config, secretVariables: []) == nil)
        config.envVars["SERVICE_TOKEN"] = "value"
        #expect(ExportCheck.secretValueField(in: config, secretVariables: []) == "env_vars.SERVICE_TOKEN")
    }
}
